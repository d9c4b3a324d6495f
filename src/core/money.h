#pragma once
// Money is an exact count of fen (分, 0.01 yuan) in an int64. Amounts enter and leave the
// platform as yuan text with at most two decimals; nothing here ever touches floating point,
// because 0.1 + 0.2 yuan must be 0.30 yuan, not something close to it.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::core {

class Money {
 public:
  static constexpr Money zero() { return Money{0}; }
  static constexpr Money from_fen(std::int64_t fen) { return Money{fen}; }

  // Exact yuan text: optional '-', digits without leading zeros ("0" alone is fine), optional
  // '.' with 1 or 2 digits. "12", "12.3", "-0.05". Refuses "+1", ".5", "1.", "1.234", "012",
  // "1e3" and spaces with MONEY_INVALID; out-of-range with MONEY_OVERFLOW.
  static Result<Money> parse(std::string_view yuan);

  // A decimal known as units * 10^-scale (how an exact JSON number reader reports it), e.g.
  // (1230, 2) or (12300, 3) is 12.30 yuan. A value with a non-zero third decimal (12345, 3) is
  // refused with MONEY_INVALID rather than rounded. Negative scale multiplies.
  static Result<Money> from_decimal(std::int64_t units, int scale);

  // A JSON number's literal text ("12.3", "1.23e1", "12.300") converted exactly; refuses any
  // value that is not a whole number of fen. For HTTP layers that can see the raw number text.
  static Result<Money> parse_json_number(std::string_view text);

  std::int64_t fen() const { return fen_; }
  bool is_zero() const { return fen_ == 0; }
  bool is_negative() const { return fen_ < 0; }

  // Always two decimals: "12.30", "-0.05", "0.00".
  std::string to_string() const;

  // MONEY_OVERFLOW when the exact result does not fit in int64 fen.
  Result<Money> checked_add(Money other) const;
  Result<Money> checked_sub(Money other) const;

  friend constexpr auto operator<=>(Money, Money) = default;
  friend constexpr bool operator==(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
  std::int64_t fen_;
};

}  // namespace yibao::core
