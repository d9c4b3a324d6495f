#include "core/masking.h"

#include <optional>
#include <vector>

#include "core/id_number.h"

namespace yibao::core {
namespace {

// Byte length of each UTF-8 code point in `text`, or nullopt if it is not well-formed
// (truncated sequences, stray continuation bytes, overlong or out-of-range lead bytes).
std::optional<std::vector<std::size_t>> code_point_lengths(std::string_view text) {
  std::vector<std::size_t> lengths;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    if (lead < 0x80) n = 1;
    else if (lead >= 0xC2 && lead <= 0xDF) n = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
    else return std::nullopt;
    if (i + n > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    lengths.push_back(n);
    i += n;
  }
  return lengths;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string mask_name(std::string_view name) {
  const auto lengths = code_point_lengths(name);
  if (!lengths) return "***";
  const std::size_t count = lengths->size();
  if (count == 0) return {};
  if (count == 1) return "*";
  const std::string first(name.substr(0, lengths->front()));
  if (count == 2) return first + "*";
  const std::string last(name.substr(name.size() - lengths->back()));
  return first + std::string(count - 2, '*') + last;
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string redact_id_numbers(std::string text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    // A maximal run of digits starting at i (the previous byte is not a digit by construction).
    std::size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    const std::size_t run = end - i;
    const bool ends_in_x = run == 17 && end < text.size() && (text[end] == 'X' || text[end] == 'x');
    if (run == 18 || ends_in_x) {
      const std::size_t length = 18;
      const std::string masked = mask_id_number(std::string_view(text).substr(i, length));
      text.replace(i, length, masked);
      end = i + length;
    }
    i = end;
  }
  return text;
}

}  // namespace yibao::core
