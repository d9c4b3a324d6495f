#pragma once
// Privacy masks (domain.md §11): show just enough of a name, phone or ID number for a person to
// recognise their own, never enough to reuse it.

#include <string>
#include <string_view>

namespace yibao::core {

// Counts UTF-8 code points, not bytes: "张三" → "张*", "张三丰" → "张*丰", "欧阳娜娜" → "欧**娜",
// a single character → "*". Text that is not valid UTF-8 becomes "***" rather than risk
// cutting a character in half.
std::string mask_name(std::string_view name);

// "13800001234" → "138****1234": first 3 and last 4 kept, the rest '*'. Anything shorter than
// 8 characters is masked entirely.
std::string mask_phone(std::string_view phone);

// Replaces every standalone run that looks like a GB 11643 number (17 digits then a digit, 'X'
// or 'x', not touching other digits) with its masked form "110***********123X", whether or not
// its checksum is right. The logger's last line of defence against leaking ID numbers.
std::string redact_id_numbers(std::string text);

}  // namespace yibao::core
