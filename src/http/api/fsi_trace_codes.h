#pragma once
// drug_trac_info (药品追溯码信息) as HIS send it with 2204/2301 fee lines, 2207/2304 and 2102:
// an array beside the fee lines (each entry naming its feedetl_sn) or inside a fee line (the
// line's own sn). Read and checked field by field before anything is stored.

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"
#include "domain/drug_trace_rules.h"

namespace yibao::http::api {

inline constexpr std::size_t kMaxTraceCodes = 500;

// The entries of `value` (null/absent: none). `line_sn` is the sn of the fee line the array
// sits in ("" for an array beside the lines: then each entry needs feedetl_sn). Entries whose
// every field is empty — placeholders some HIS send — are skipped.
core::Result<std::vector<domain::TraceCodeInput>> read_trace_codes(const boost::json::value* value, const std::string& path,
                                                                    const std::string& line_sn);

}  // namespace yibao::http::api
