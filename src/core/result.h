#pragma once
// Errors as values at the domain edge (after leveldb's Status): a function that can be refused
// returns Result<T>; the refusal carries a catalog reason plus optional context.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "core/reasons.h"

namespace yibao::core {

struct Error {
  Reason reason;
  std::string detail;  // extra context for the person; never an ID number, PIN or secret
  std::string field;   // the input field at fault, when there is one

  Error(Reason r, std::string d = {}, std::string f = {})
      : reason(r), detail(std::move(d)), field(std::move(f)) {}
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}      // NOLINT
  Result(Reason reason) : state_(Error{reason}) {}       // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { assert(ok()); return std::get<T>(state_); }
  T& value() & { assert(ok()); return std::get<T>(state_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(state_); }
  Reason reason() const { return error().reason; }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  Status(Reason reason) : error_(reason), failed_(true) {}          // NOLINT
  static Status Ok() { return {}; }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(failed_); return error_; }
  Reason reason() const { return error().reason; }

 private:
  Error error_{Reason::INTERNAL_ERROR};
  bool failed_ = false;
};

}  // namespace yibao::core
