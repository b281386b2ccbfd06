#pragma once
// What verify, lint and drift --against migrations share: the scratch database (--dev-db, or a
// temporary database strata creates next to --db), the executor options for replaying migration
// files on it, and schema snapshots compared through the planner.

#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "migrations/scratch.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "schemas/model.hpp"
#include "workflows/database.hpp"

#include <memory>
#include <optional>
#include <string>

namespace strata::workflows {

// The scratch database: `dev` (which must be empty), or a fresh database on the server of
// `target` (SQLite: in memory; the target itself is never touched). The engine is dev's, else
// the target's; Error(usage) when there is neither, or when the two name different engines.
std::unique_ptr<migrations::ScratchDatabase> open_scratch(const std::optional<dialects::DbUrl>& dev,
                                                          const std::optional<dialects::DbUrl>& target);

// A Source over the scratch database (every namespace is its own: no --schema-name).
Source scratch_source(migrations::ScratchDatabase& scratch);

// Executor options for replays: destructive steps approved, no backups, no strata.sum check
// (callers that care check it themselves), a short lock wait, no wait for standbys, progress at
// debug level.
migrations::ExecutorOptions replay_options();

// The schema the folder's files up to and including `up_to` lead to (none: the empty schema),
// replayed on a fresh scratch database (open_scratch) and read back with snapshot(). A failing
// file is an error naming the scratch database and `what` was replayed ("the applied migrations").
schemas::Schema replayed_schema(const std::optional<dialects::DbUrl>& dev,
                                const std::optional<dialects::DbUrl>& target,
                                const migrations::Directory& directory, const std::optional<std::string>& up_to,
                                const std::string& what);

// Applies the folder's up files up to and including `to` (every file when nullopt) on `scratch`
// with replay_options(). A failure is rethrown with its kind, prefixed with `what` ("replaying the
// applied migrations") and the scratch database.
void replay_folder(migrations::ScratchDatabase& scratch, const migrations::Directory& directory,
                   const std::optional<std::string>& to, const std::string& what);

// The scratch database's schema: every namespace read (PostgreSQL: objects outside public carry
// their schema), strata's own objects left out, normalized by the dialect.
schemas::Schema snapshot(migrations::ScratchDatabase& scratch);
// The catalog text snapshot() reads the scratch database from (introspect::fingerprint): equal
// fingerprints of two states promise equal snapshots; nullopt when the engine has none.
// `previous`, an earlier fingerprint of the same scratch database, makes it cheaper (PostgreSQL
// reads again only the tables whose catalog rows changed since) and changes nothing else.
std::optional<introspect::Fingerprint> fingerprint(
  migrations::ScratchDatabase& scratch, const introspect::Fingerprint* previous = nullptr,
  introspect::FingerprintDepth depth = introspect::FingerprintDepth::text);

// snapshot() of one scratch database again and again, as files run on it: where the engine takes
// fingerprints (SQLite, PostgreSQL), each read is the last one with what changed since read again
// (introspect::read_changed: SQLite's objects whose rows changed, PostgreSQL's relations whose
// stamp did, the rest of its schema whole). Every object of the catalog is fingerprinted, so an
// object a file changes without naming it is read again too. Elsewhere (MySQL) each read is a
// whole snapshot(), and no fingerprint is taken after the first.
class SnapshotReader {
public:
  explicit SnapshotReader(migrations::ScratchDatabase& scratch) : m_scratch(scratch) {}
  // The scratch database's schema now, as snapshot() reads it.
  schemas::Schema read();

private:
  migrations::ScratchDatabase& m_scratch;
  std::optional<introspect::Fingerprint> m_print; // of m_last (FingerprintDepth::changes)
  schemas::Schema m_last;
  bool m_whole = false; // the engine takes no fingerprints: read whole snapshots only
};
// The scratch database's schema: `known` when set (a snapshot of the state the database is still
// in, e.g. the last file's after it), which it gives up, else read afresh.
schemas::Schema current_snapshot(std::optional<schemas::Schema>& known, migrations::ScratchDatabase& scratch);
// The same read of any database (repair compares the live catalog with a replay's).
schemas::Schema snapshot(dialects::Connection& connection, const dialects::Dialect& dialect);

// The operations that would turn `actual` into `expected` (both normalized, e.g. snapshots):
// empty when the two schemas are equal.
planner::Plan compare_schemas(const schemas::Schema& actual, const schemas::Schema& expected,
                              const dialects::Rendering& dialect);

} // namespace strata::workflows
