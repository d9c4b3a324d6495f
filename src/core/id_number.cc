#include "core/id_number.h"

#include <array>
#include <utility>

namespace yibao::core {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

// Province-level codes of GB/T 2260 (plus 71 台湾, 81 香港, 82 澳门 as used on ID numbers).
bool is_province_code(int code) {
  switch (code) {
    case 11: case 12: case 13: case 14: case 15:
    case 21: case 22: case 23:
    case 31: case 32: case 33: case 34: case 35: case 36: case 37:
    case 41: case 42: case 43: case 44: case 45: case 46:
    case 50: case 51: case 52: case 53: case 54:
    case 61: case 62: case 63: case 64: case 65:
    case 71: case 81: case 82:
      return true;
    default:
      return false;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digits_at(std::string_view s, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (s[i] - '0');
  return value;
}

}  // namespace

char id_check_char(std::string_view first17) {
  if (first17.size() != 17) return '?';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '?';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

Result<IdNumber> IdNumber::parse(std::string_view text, year_month_day today) {
  if (text.size() != 18) {
    return Error{Reason::ID_NUMBER_LENGTH, "当前为 " + std::to_string(text.size()) + " 位", "id_number"};
  }
  std::string value(text);
  if (value[17] == 'x') value[17] = 'X';
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(value[i])) return Error{Reason::ID_NUMBER_FORMAT, {}, "id_number"};
  }
  if (!is_digit(value[17]) && value[17] != 'X') return Error{Reason::ID_NUMBER_FORMAT, {}, "id_number"};

  if (!is_province_code(digits_at(value, 0, 2))) return Error{Reason::ID_NUMBER_AREA, {}, "id_number"};

  const year_month_day birth{year{digits_at(value, 6, 4)},
                             month{static_cast<unsigned>(digits_at(value, 10, 2))},
                             day{static_cast<unsigned>(digits_at(value, 12, 2))}};
  if (!birth.ok() || birth.year() < year{1900} || birth > today) {
    return Error{Reason::ID_NUMBER_BIRTH_DATE, {}, "id_number"};
  }

  if (id_check_char(std::string_view(value).substr(0, 17)) != value[17]) {
    return Error{Reason::ID_NUMBER_CHECKSUM, {}, "id_number"};
  }
  return IdNumber{std::move(value), birth};
}

Sex IdNumber::sex() const { return (value_[16] - '0') % 2 == 1 ? Sex::male : Sex::female; }

int IdNumber::age_on(year_month_day on) const {
  if (on < birth_) return 0;
  int years = static_cast<int>(on.year()) - static_cast<int>(birth_.year());
  // Compare (month, day) pairs: Feb 29 vs Feb 28 of a common year is "not yet", Mar 1 is "yes".
  const auto birthday_key = std::pair{static_cast<unsigned>(birth_.month()), static_cast<unsigned>(birth_.day())};
  const auto on_key = std::pair{static_cast<unsigned>(on.month()), static_cast<unsigned>(on.day())};
  if (on_key < birthday_key) --years;
  return years;
}

std::string IdNumber::masked() const { return mask_id_number(value_); }

std::string mask_id_number(std::string_view id) {
  if (id.size() != 18) return std::string(id.size(), '*');
  return std::string(id.substr(0, 3)) + std::string(11, '*') + std::string(id.substr(14));
}

}  // namespace yibao::core
