#pragma once
// What the store and service tests read off a use case's answer: the reason code of a refusal
// ("OK" for success), and the fields of a rendering that joins them with '|'.

#include <string>
#include <vector>

#include "core/reasons.h"

namespace yibao::testing {

template <class R>
std::string code_of(const R& result) {
  return result.ok() ? "OK" : std::string(core::info(result.reason()).code);
}

inline std::vector<std::string> split_bars(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto bar = s.find('|', start);
    out.push_back(s.substr(start, bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

}  // namespace yibao::testing
