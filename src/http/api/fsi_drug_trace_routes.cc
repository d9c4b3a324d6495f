// 3505 商品销售上传 and 3506 商品销售退货 (issue 15 §8): a pharmacy or hospital reports the
// boxes it sold, by their 药品追溯码, whether or not insurance paid; and the boxes returned.
// Input `selinfo{…, drugtracinfo:[{drug_trac_codg}]}` (drugtracinfo also accepted beside
// selinfo); output {}. A box already sold elsewhere is refused (回流药) and nothing is stored.
#include "core/clock.h"
#include "http/api/fsi_call.h"
#include "http/api/fsi_labels.h"
#include "services/drug_trace.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

// The national 3505/3506 selinfo: these are mandatory; the rest (psn_no, setl_id, batch and
// expiry, prescriber, pharmacist, memo …) is the institution's record and not read.
core::Result<services::CounterSale> counter_sale(const Call& call) {
  auto in = node(call.envelope.input, "selinfo");
  if (!in) return in.error();
  Reader r{**in, "selinfo", std::nullopt};
  services::CounterSale sale;
  sale.med_list_codg = r.req("med_list_codg");
  for (const char* field : {"fixmedins_hilist_id", "fixmedins_hilist_name", "fixmedins_bchno", "sel_retn_opter_name",
                            "mdtrt_setl_type"}) {
    r.req(field);
  }
  r.one_of("rx_flag", {"0", "1"});
  sale.trdn_flag = r.one_of("trdn_flag", {"0", "1"});
  r.cnt("sel_retn_cnt");
  const std::string when = r.req("sel_retn_time");
  if (r.error) return *r.error;
  if (!core::parse_shanghai_datetime(when)) {
    return Error{Reason::FIELD_INVALID, fsi::labelled("selinfo.sel_retn_time") + " 格式应为 yyyy-MM-dd HH:mm:ss",
                 "selinfo.sel_retn_time"};
  }
  const json::value* list = (*in)->if_contains("drugtracinfo");
  std::string path = "selinfo.drugtracinfo";
  if (list == nullptr || list->is_null()) {
    list = call.envelope.input.if_contains("drugtracinfo");
    path = "input.drugtracinfo";
  }
  if (list == nullptr || list->is_null() || (list->is_array() && list->as_array().empty())) {
    return Error{Reason::FIELD_MISSING, fsi::labelled("selinfo.drugtracinfo") + "：至少一个药品追溯码", "selinfo.drugtracinfo"};
  }
  if (!list->is_array()) return Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 须为数组", path};
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto& entry = list->as_array()[i];
    const std::string name = path + "[" + std::to_string(i) + "]";
    if (!entry.is_object()) return Error{Reason::FIELD_INVALID, fsi::labelled(name) + " 须为对象", name};
    Reader e{entry.as_object(), name, std::nullopt};
    const std::string code = e.req("drug_trac_codg");
    if (e.error) return *e.error;
    if (auto ok = domain::valid_trace_code(code); !ok) return Error{Reason::DRUG_TRACE_CODE_INVALID, code, name + ".drug_trac_codg"};
    sale.codes.push_back(code);
  }
  return sale;
}

core::Result<std::string> t3505(services::SettlementService&, const Call& call) {
  auto sale = counter_sale(call);
  if (!sale) return sale.error();
  if (auto ok = services::upload_sale(call.ctx, call.caller, *sale); !ok) return ok.error();
  return std::string("{}");
}

core::Result<std::string> t3506(services::SettlementService&, const Call& call) {
  auto sale = counter_sale(call);
  if (!sale) return sale.error();
  if (auto ok = services::upload_return(call.ctx, call.caller, *sale); !ok) return ok.error();
  return std::string("{}");
}

}  // namespace

void add_drug_trace_handlers(FsiHandlers& table) {
  table.emplace("3505", t3505);
  table.emplace("3506", t3506);
}

}  // namespace yibao::http::api
