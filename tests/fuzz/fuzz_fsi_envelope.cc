// The institution interface's envelope decoder: any bytes a HIS (or anyone on the network)
// POSTs to /fsi/api/callService. It must answer a value or an error, never crash, hang or leak;
// what it accepts must digest the same after a serialize/parse round trip (the msgid replay
// check depends on it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/api/fsi_envelope.h"

namespace fsi = yibao::http::api::fsi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto envelope = fsi::decode_envelope(body);
  if (!envelope) return 0;
  const std::string text = fsi::serialize_exact(envelope->input);
  auto again = fsi::parse_exact(text);
  if (!again || fsi::input_digest(*again) != envelope->input_digest) std::abort();
  // The field readers on whatever the input holds.
  for (const auto& [key, value] : envelope->input) {
    if (!value.is_object()) continue;
    const auto& node = value.as_object();
    for (const auto& [field, ignored] : node) {
      const std::string name(field);
      (void)fsi::text(node, "input", name.c_str(), false);
      (void)fsi::amount_fen(node, "input", name.c_str(), false);
      (void)fsi::quantity(node, "input", name.c_str(), false);
    }
  }
  return 0;
}
