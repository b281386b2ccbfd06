// render: one function per operation kind.
// SCAFFOLD (groundwork): the write-side owner writes it.

#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::mysql {

std::vector<Statement> render(const schemas::Operation& op, RenderContext& /*ctx*/)
{
  throw Error(ErrorKind::internal, "MySQL rendering of " + schemas::describe(op) + " is not written yet");
}

} // namespace strata::dialects::mysql
