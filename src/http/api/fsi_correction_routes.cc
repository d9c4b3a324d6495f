// 2601 冲正 over the institution interface. Input `data{psn_no, omsgid, oinfno}`; output
// `corrinfo{omsgid, oinfno, crt_rslt, memo, setl_id, mdtrt_id}` where crt_rslt is "1" when
// something was undone and "0" when nothing needed doing (memo says why) — the national 2601
// answers nothing, so a HIS that ignores the output loses nothing.
#include "http/api/fsi_call.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;

std::string render_correction(const services::CorrectionOutcome& o) {
  const auto or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
  json::object info{{"omsgid", o.omsgid},      {"oinfno", o.oinfno},           {"crt_rslt", o.undone ? "1" : "0"},
                    {"memo", o.memo},          {"setl_id", or_null(o.setl_id)}, {"mdtrt_id", or_null(o.mdtrt_id)}};
  return fsi::serialize_exact(json::object{{"corrinfo", info}});
}

core::Result<std::string> t2601(services::SettlementService& svc, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  services::CorrectionRequest request;
  request.psn_no = r.req("psn_no");
  request.omsgid = r.req("omsgid");
  request.oinfno = r.req("oinfno");
  if (r.error) return *r.error;
  if (auto st = need_insuplc(call); !st) return st.error();
  return svc.correct(call.caller, request, render_correction);
}

}  // namespace

void add_correction_handlers(FsiHandlers& table) { table.emplace("2601", t2601); }

}  // namespace yibao::http::api
