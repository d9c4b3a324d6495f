#include "http/api/fsi_trace_codes.h"

#include "http/api/fsi_call.h"
#include "http/api/fsi_labels.h"

namespace yibao::http::api {

namespace json = boost::json;
using core::Error;
using core::Reason;

core::Result<std::vector<domain::TraceCodeInput>> read_trace_codes(const json::value* value, const std::string& path,
                                                                    const std::string& line_sn) {
  std::vector<domain::TraceCodeInput> out;
  if (value == nullptr || value->is_null() || (value->is_string() && value->as_string().empty())) return out;
  if (!value->is_array()) return Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 须为数组", path};
  const auto& arr = value->as_array();
  if (arr.size() > kMaxTraceCodes) {
    return Error{Reason::FIELD_INVALID, "一次最多 " + std::to_string(kMaxTraceCodes) + " 个追溯码", path};
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string name = path + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return Error{Reason::FIELD_INVALID, fsi::labelled(name) + " 须为对象", name};
    Reader r{arr[i].as_object(), name, std::nullopt};
    domain::TraceCodeInput c;
    const auto sn = r.opt("feedetl_sn");
    const auto code = r.opt("drug_trac_codg");
    const auto flag = r.opt("trdn_flag");
    c.min_prcunt_type = r.opt("min_prcunt_type").value_or("");
    if (r.error) return *r.error;
    if (!sn && !code && !flag && c.min_prcunt_type.empty()) continue;
    if (!code) return Error{Reason::FIELD_MISSING, fsi::labelled(name + ".drug_trac_codg"), name + ".drug_trac_codg"};
    c.code = *code;
    if (auto ok = domain::valid_trace_code(c.code); !ok) {
      return Error{Reason::DRUG_TRACE_CODE_INVALID, c.code, name + ".drug_trac_codg"};
    }
    if (line_sn.empty()) {
      if (!sn) return Error{Reason::FIELD_MISSING, fsi::labelled(name + ".feedetl_sn"), name + ".feedetl_sn"};
      c.feedetl_sn = *sn;
    } else {
      if (sn && *sn != line_sn) {
        return Error{Reason::DRUG_TRACE_LINE_UNKNOWN, "追溯码写在明细 " + line_sn + " 中却指向 " + *sn, name + ".feedetl_sn"};
      }
      c.feedetl_sn = line_sn;
    }
    auto trdn = domain::trdn_flag_of(flag.value_or(""), name + ".trdn_flag");
    if (!trdn) return trdn.error();
    c.trdn_flag = *trdn;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace yibao::http::api
