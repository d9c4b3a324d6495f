#include "core/money.h"

#include <cstdint>
#include <limits>

namespace yibao::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error invalid(std::string_view text) {
  return Error{Reason::MONEY_INVALID, "无法识别的金额：" + std::string(text.substr(0, 40))};
}

// magnitude * 10 + digit, refusing anything beyond int64 max (so -max is the lowest value
// parse() produces; int64 min has no positive twin and is left out on purpose).
bool push_digit(std::int64_t& magnitude, int digit) {
  if (magnitude > (kMax - digit) / 10) return false;
  magnitude = magnitude * 10 + digit;
  return true;
}

}  // namespace

Result<Money> Money::parse(std::string_view yuan) {
  std::string_view rest = yuan;
  bool negative = false;
  if (!rest.empty() && rest.front() == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const auto dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);

  if (whole.empty()) return invalid(yuan);
  if (whole.size() > 1 && whole.front() == '0') return invalid(yuan);
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2)) {
    return invalid(yuan);
  }
  for (char c : whole) if (!is_digit(c)) return invalid(yuan);
  for (char c : fraction) if (!is_digit(c)) return invalid(yuan);

  std::int64_t fen = 0;
  for (char c : whole) {
    if (!push_digit(fen, c - '0')) return Error{Reason::MONEY_OVERFLOW};
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const int digit = i < fraction.size() ? fraction[i] - '0' : 0;
    if (!push_digit(fen, digit)) return Error{Reason::MONEY_OVERFLOW};
  }
  return Money{negative ? -fen : fen};
}

Result<Money> Money::from_decimal(std::int64_t units, int scale) {
  // 10^18 is the largest power of ten in int64; anything beyond is out of range either way.
  if (scale < -16 || scale > 20) {
    return Error{Reason::MONEY_INVALID, "金额的小数位数超出范围"};
  }
  std::int64_t fen = units;
  if (scale <= 2) {
    for (int i = scale; i < 2; ++i) {
      if (__builtin_mul_overflow(fen, std::int64_t{10}, &fen)) return Error{Reason::MONEY_OVERFLOW};
    }
    return Money{fen};
  }
  for (int i = 2; i < scale; ++i) {
    if (fen % 10 != 0) return Error{Reason::MONEY_INVALID, "金额最多两位小数"};
    fen /= 10;
  }
  return Money{fen};
}

Result<Money> Money::parse_json_number(std::string_view text) {
  // JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  const bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;
  const std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::string_view whole = text.substr(int_start, i - int_start);
  if (whole.empty() || (whole.size() > 1 && whole.front() == '0')) return invalid(text);
  std::string_view fraction;
  if (i < text.size() && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    fraction = text.substr(start, i - start);
    if (fraction.empty()) return invalid(text);
  }
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      // Past a few dozen the value is either zero-fraction garbage or out of range; cap early so
      // the int cannot overflow.
      if (exponent < 1000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return invalid(text);
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return invalid(text);

  // Drop trailing zeros of the fraction and leading zeros of the digits: they change nothing
  // about the value but would otherwise overflow the int64 accumulator.
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::int64_t units = 0;
  bool seen_non_zero = false;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c != '0') seen_non_zero = true;
      if (!seen_non_zero) continue;
      if (!push_digit(units, c - '0')) return Error{Reason::MONEY_OVERFLOW};
    }
  }
  if (units == 0) return Money::zero();
  const int scale = static_cast<int>(fraction.size()) - exponent;
  if (scale > 20) return Error{Reason::MONEY_INVALID, "金额最多两位小数"};
  if (scale < -16) return Error{Reason::MONEY_OVERFLOW};
  return from_decimal(negative ? -units : units, scale);
}

std::string Money::to_string() const {
  // Work on the unsigned magnitude so that int64 min (reachable via from_fen) still prints.
  const bool negative = fen_ < 0;
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(fen_) : static_cast<std::uint64_t>(fen_);
  std::string text = std::to_string(magnitude / 100);
  const auto cents = static_cast<unsigned>(magnitude % 100);
  text += '.';
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return negative ? "-" + text : text;
}

Result<Money> Money::checked_add(Money other) const {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(fen_, other.fen_, &sum)) return Error{Reason::MONEY_OVERFLOW};
  return Money{sum};
}

Result<Money> Money::checked_sub(Money other) const {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(fen_, other.fen_, &difference)) return Error{Reason::MONEY_OVERFLOW};
  return Money{difference};
}

}  // namespace yibao::core
