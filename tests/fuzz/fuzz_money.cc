// The money parsers: yuan text from forms and JSON number literals from HIS systems. Whatever
// they accept must print back and parse to the same fen (no rounding anywhere).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/money.h"
#include "http/api/fsi_envelope.h"

using yibao::core::Money;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto money = Money::parse(text)) {
    auto again = Money::parse(money->to_string());
    if (!again || *again != *money) std::abort();
  }
  if (auto money = Money::parse_json_number(text)) {
    auto again = Money::parse(money->to_string());
    if (!again || *again != *money) std::abort();
    // The envelope's reader of the same literal agrees to the fen.
    auto fen = yibao::http::api::fsi::scaled_decimal(text, 2);
    if (fen && *fen != money->fen()) std::abort();
  }
  for (int scale : {0, 2, 3, 4}) (void)yibao::http::api::fsi::scaled_decimal(text, scale);
  return 0;
}
