// normalize: canonical forms of MySQL/MariaDB types, defaults and expressions for diffing.
// SCAFFOLD (groundwork): returns the schema unchanged; the read-side owner writes it.

#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

schemas::Schema normalize(const schemas::Schema& schema)
{
  return schema;
}

} // namespace strata::dialects::mysql
