// The citizen ID number parser (GB 11643). An accepted number must be 18 characters with the
// right check character, a birth date not after "today", and a mask that keeps its length.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/id_number.h"

using namespace std::chrono;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr year_month_day today{year{2026}, month{12}, day{3}};
  (void)yibao::core::mask_id_number(text);
  auto id = yibao::core::IdNumber::parse(text, today);
  if (!id) return 0;
  const auto& value = id->value();
  if (value.size() != 18) std::abort();
  if (yibao::core::id_check_char(std::string_view(value).substr(0, 17)) != value[17]) std::abort();
  if (sys_days(id->birth_date()) > sys_days(today)) std::abort();
  if (id->age_on(today) < 0 || id->masked().size() != 18) std::abort();
  return 0;
}
