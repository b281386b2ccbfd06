// Backups of destroyed rows/values in the strata_backup database (or files), and restore.
// SCAFFOLD (groundwork): the executor-side owner writes it.

#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::mysql {

BackupRecord backup(Connection& /*connection*/, const BackupTarget& /*target*/,
                    const std::filesystem::path& /*backup_dir*/, const std::string& /*id*/)
{
  throw Error(ErrorKind::internal, "MySQL backups are not written yet");
}

void restore(Connection& /*connection*/, const BackupRecord& /*record*/)
{
  throw Error(ErrorKind::internal, "MySQL restore is not written yet");
}

} // namespace strata::dialects::mysql
