#pragma once
// A validated GB 11643 citizen ID number (身份证号): 6-digit area, 8-digit birth date, 3-digit
// sequence (odd = male), ISO 7064 MOD 11-2 check character. Holding an IdNumber means every
// rule passed, so birth date, age and sex can be derived without re-checking.

#include <chrono>
#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace yibao::core {

enum class Sex { male, female };

// The check character (0-9 or X) for the first 17 digits; '?' if `first17` is not 17 digits.
// Lets tests and the demo seed build valid numbers.
char id_check_char(std::string_view first17);

class IdNumber {
 public:
  // Checks in order, each with its own reason: ID_NUMBER_LENGTH, ID_NUMBER_FORMAT, ID_NUMBER_AREA
  // (province part must be a real province; the full area code is not looked up, because codes
  // retired since issue stay valid on cards), ID_NUMBER_BIRTH_DATE (a real date, 1900 or later,
  // not after `today`), ID_NUMBER_CHECKSUM. A lower-case 'x' is accepted and stored as 'X'.
  static Result<IdNumber> parse(std::string_view text, std::chrono::year_month_day today);

  const std::string& value() const { return value_; }
  std::string_view area_code() const { return std::string_view(value_).substr(0, 6); }
  std::chrono::year_month_day birth_date() const { return birth_; }
  Sex sex() const;

  // Completed years on `on` (0 if `on` is before the birth date). Someone born on Feb 29 turns
  // a year older on Mar 1 in years without a Feb 29.
  int age_on(std::chrono::year_month_day on) const;

  // "110***********123X": enough for a person to recognise their own number, not to reuse it.
  std::string masked() const;

  friend bool operator==(const IdNumber&, const IdNumber&) = default;

 private:
  IdNumber(std::string value, std::chrono::year_month_day birth)
      : value_(std::move(value)), birth_(birth) {}
  std::string value_;
  std::chrono::year_month_day birth_;
};

// First 3 + 11 '*' + last 4 of any 18-character string; other lengths become all '*'.
std::string mask_id_number(std::string_view id);

}  // namespace yibao::core
