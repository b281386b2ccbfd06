#include "dialects/strata_folder.hpp"

#include "schemas/error.hpp"

#include <fstream>
#include <system_error>

namespace strata::dialects {

namespace fs = std::filesystem;

void create_strata_folder(const fs::path& folder, const std::string& what)
{
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) {
    throw Error(ErrorKind::database, "cannot create " + what + " " + folder.string() + ": " + error.message());
  }
  fs::path walked;
  for (const auto& part : folder) {
    walked /= part;
    if (part != k_strata_folder) {
      continue;
    }
    const auto ignore = walked / ".gitignore";
    if (fs::exists(ignore, error)) {
      continue;
    }
    std::ofstream out(ignore);
    out << "# written by strata: backups and locks stay out of version control\n*\n";
    if (!out.flush()) {
      throw Error(ErrorKind::database, "cannot write " + ignore.string());
    }
  }
}

fs::path sqlite_lock_file(const fs::path& database)
{
  std::error_code error;
  auto real = fs::weakly_canonical(fs::absolute(database), error);
  if (error) {
    real = fs::absolute(database).lexically_normal();
  }
  return real.parent_path() / k_strata_folder / (real.filename().string() + ".lock");
}

} // namespace strata::dialects
