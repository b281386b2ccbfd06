#pragma once
// strata's own working folder, `.strata/` (SQLite backups and migration locks): whenever strata
// makes or uses a folder inside one it also makes sure `.strata/.gitignore` holds `*`, so that
// backups and locks never reach version control.

#include <filesystem>
#include <string>

namespace strata::dialects {

inline constexpr const char* k_strata_folder = ".strata";

// Creates `folder` with its parents; for every `.strata` folder on its path that has no
// `.gitignore` yet, writes one holding "*". Throws Error(database) naming `what` and the folder
// when either fails.
void create_strata_folder(const std::filesystem::path& folder, const std::string& what);

// The migration lock file of the SQLite database file `database`: `.strata/<file name>.lock` in
// the folder of the file's real path (symlinks and `..` resolved), so every process — whatever
// its working directory or spelling of the path — locks the same file for the same database.
std::filesystem::path sqlite_lock_file(const std::filesystem::path& database);

} // namespace strata::dialects
