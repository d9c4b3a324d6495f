#pragma once
// Assertions that stay on in release builds (TigerBeetle's style): a broken invariant in money
// code means the code is wrong, not the input, so the only safe move is to write nothing.
// YIBAO_INVARIANT throws InvariantViolation; Database::write rolls the transaction back on any
// exception, and the HTTP layer answers INTERNAL_ERROR (500) and logs what broke — nothing is
// committed, and the process keeps serving other requests.
//
// Use it for what no input can cause (legs that do not balance, identities of domain.md §9
// after a calculation already checked them); refuse bad input with a core::Error instead.

#include <stdexcept>
#include <string>

namespace yibao::core {

class InvariantViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void invariant_failed(const char* condition, const std::string& what, const char* file, int line);

}  // namespace yibao::core

#define YIBAO_INVARIANT(condition, what)                                            \
  do {                                                                              \
    if (!(condition)) ::yibao::core::invariant_failed(#condition, (what), __FILE__, __LINE__); \
  } while (0)
