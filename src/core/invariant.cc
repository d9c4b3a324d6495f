#include "core/invariant.h"

namespace yibao::core {

void invariant_failed(const char* condition, const std::string& what, const char* file, int line) {
  throw InvariantViolation(std::string("invariant broken: ") + what + " (" + condition + ") at " + file + ":" +
                           std::to_string(line));
}

}  // namespace yibao::core
