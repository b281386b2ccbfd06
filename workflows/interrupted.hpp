#pragma once
// `strata repair --continue` after a run was killed while a statement ran: did the server finish
// that statement for the dead client? The file's statements up to it are replayed on a scratch
// database (the folder's earlier files first, as verify replays them) and the catalog is read
// before and after it; the live catalog's objects that statement changes must equal one of the
// two. A statement that changes nothing a catalog shows (data, SLEEP) cannot be decided so.

#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "workflows/database.hpp"

namespace strata::workflows {

// The verdict for statement `number` of the file of `row` on `live`, replayed on a scratch
// database on live's server (SQLite: in memory). Never throws for a replay that fails: that is
// an unknown verdict naming why.
migrations::StatementVerdict check_interrupted(Database& live, const migrations::Directory& directory,
                                               const migrations::HistoryRow& row,
                                               const migrations::Migration& migration, int number);

} // namespace strata::workflows
