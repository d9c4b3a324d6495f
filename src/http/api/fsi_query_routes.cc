// The institution interface's queries (issue 15; docs/INSTITUTIONS.md "查询类交易"): read-only,
// answered from services::QueryService, which opens read transactions only (the route spends
// the TIF nonce of a call that wrote nothing).
#include <algorithm>
#include <cctype>

#include "core/money.h"
#include "http/api/fsi_call.h"
#include "services/catalogue_file.h"
#include "services/query_service.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

json::value text_or_null(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value six_decimals(std::int64_t fen) { return fsi::raw_number(core::Money::from_fen(fen).to_string() + "0000"); }

// 5201 data{psn_no, begntime, endtime, med_type?, mdtrt_id?} → mdtrtinfo[].
core::Result<std::string> t5201(services::SettlementService&, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  services::VisitFilter f;
  f.psn_no = r.req("psn_no");
  f.begntime = r.req("begntime");
  f.endtime = r.req("endtime");
  f.med_type = r.opt("med_type");
  f.mdtrt_id = r.opt("mdtrt_id");
  if (r.error) return *r.error;
  auto visits = services::QueryService(call.ctx).visits(call.caller, f);
  if (!visits) return visits.error();
  json::array out;
  for (const auto& v : *visits) {
    out.push_back(json::object{{"mdtrt_id", v.mdtrt_id},
                               {"psn_no", f.psn_no},
                               {"begntime", v.begntime},
                               {"endtime", text_or_null(v.endtime)},
                               {"med_type", v.med_type},
                               {"ipt_otp_no", v.ipt_otp_no},
                               {"insutype", v.insutype},
                               {"mdtrt_cert_type", v.mdtrt_cert_type},
                               {"insuplc_admdvs", v.insuplc_admdvs},
                               {"mdtrtarea_admvs", v.mdtrtarea_admvs},
                               {"fixmedins_code", v.institution_code},
                               {"fixmedins_name", call.caller.institution.name},
                               {"dise_codg", v.dise_codg},
                               {"dise_name", v.dise_name},
                               // A cancelled registration (2202) stays listed, marked invalid.
                               {"vali_flag", v.status == "cancelled" ? "0" : "1"}});
  }
  return fsi::serialize_exact(json::object{{"mdtrtinfo", out}});
}

struct SettlementKey {
  std::string psn_no, setl_id, mdtrt_id;
};

core::Result<SettlementKey> settlement_key(const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  SettlementKey k{r.req("psn_no"), r.req("setl_id"), r.req("mdtrt_id")};
  if (r.error) return *r.error;
  return k;
}

const char* clr_type_of(const std::string& kind) {
  if (kind == "inpatient") return "21";
  if (kind == "pharmacy") return "41";
  return "11";
}

// The funds that paid, as 2207's setldetail names them (fsi_routes.cc): the pooled fund, the
// patient's own account (310200) and what the hospital bore (999996); mutual aid stays in
// setlinfo.acct_mulaid_pay.
json::array fund_items(const store::SettlementRow& r) {
  json::array out;
  const auto item = [&](const char* code, const char* name, std::int64_t amount) {
    out.push_back(json::object{{"fund_pay_type", code},
                               {"inscp_scp_amt", fsi::money(r.inscp_scp_amt)},
                               {"crt_payb_lmt_amt", fsi::money(amount)},
                               {"fund_payamt", fsi::money(amount)},
                               {"fund_pay_type_name", name}});
  };
  const bool employee = r.insutype == "310";
  if (r.hifp_pay != 0) {
    item(employee ? "310100" : "390100", employee ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险基金", r.hifp_pay);
  }
  if (r.acct_pay != 0) item("310200", "职工个人账户基金", r.acct_pay);
  if (r.hosp_part_amt != 0) item("999996", "医院垫付", r.hosp_part_amt);
  return out;
}

// 5203 data{psn_no, setl_id, mdtrt_id} → setlinfo (the stored amounts) + setldetail[].
core::Result<std::string> t5203(services::SettlementService&, const Call& call) {
  auto key = settlement_key(call);
  if (!key) return key.error();
  auto rec = services::QueryService(call.ctx).settlement(call.caller, key->setl_id, key->mdtrt_id, key->psn_no);
  if (!rec) return rec.error();
  const auto& r = rec->row;
  json::object info{{"mdtrt_id", rec->visit.mdtrt_id},
                    {"setl_id", r.setl_id},
                    {"psn_no", rec->person.psn_no},
                    {"psn_name", rec->person.name},
                    {"psn_cert_type", "01"},
                    {"certno", rec->person.id_number},
                    {"insutype", r.insutype},
                    {"med_type", r.med_type},
                    {"setl_time", rec->setl_time},
                    {"mdtrt_cert_type", rec->visit.mdtrt_cert_type},
                    {"fixmedins_code", r.institution_code},
                    {"clr_optins", rec->visit.insuplc_admdvs},
                    {"clr_type", clr_type_of(rec->visit.kind)},
                    {"medins_setl_id", r.msgid},
                    // 1: this settlement was reversed, or is itself a reversal (init_setl_id).
                    {"refd_setl_flag", r.kind == "reversal" || r.status == "reversed" ? "1" : "0"},
                    {"init_setl_id", text_or_null(r.reverses_setl_id)}};
  const std::pair<const char*, std::int64_t> amounts[] = {
      {"medfee_sumamt", r.medfee_sumamt},     {"fulamt_ownpay_amt", r.fulamt_ownpay_amt},
      {"overlmt_selfpay", r.overlmt_selfpay}, {"preselfpay_amt", r.preselfpay_amt},
      {"inscp_scp_amt", r.inscp_scp_amt},     {"act_pay_dedc", r.act_pay_dedc},
      {"hifp_pay", r.hifp_pay},               {"fund_pay_sumamt", r.fund_pay_sumamt},
      {"psn_part_amt", r.psn_part_amt},       {"acct_pay", r.acct_pay},
      {"acct_mulaid_pay", r.acct_mulaid_pay}, {"psn_cash_pay", r.psn_cash_pay},
      {"hosp_part_amt", r.hosp_part_amt}};
  for (const auto& [field, fen] : amounts) info[field] = fsi::money(fen);
  info["pool_prop_selfpay"] = fsi::ratio_bp(r.pool_prop_selfpay);
  for (const char* zero : {"cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay"}) {
    info[zero] = fsi::money(0);
  }
  return fsi::serialize_exact(json::object{{"setlinfo", info}, {"setldetail", fund_items(r)}});
}

// 5204 data{psn_no, setl_id, mdtrt_id} → output[] (the settlement's fee lines and their split).
core::Result<std::string> t5204(services::SettlementService&, const Call& call) {
  auto key = settlement_key(call);
  if (!key) return key.error();
  auto lines = services::QueryService(call.ctx).settlement_fees(call.caller, key->setl_id, key->mdtrt_id, key->psn_no);
  if (!lines) return lines.error();
  json::array out;
  for (const auto& l : *lines) {
    out.push_back(json::object{{"feedetl_sn", l.split.feedetl_sn},
                               {"mdtrt_id", key->mdtrt_id},
                               {"setl_id", key->setl_id},
                               {"med_list_codg", l.split.med_list_codg},
                               {"cnt", fsi::quantity_milli(l.cnt_milli)},
                               {"pric", six_decimals(l.pric_fen)},
                               {"det_item_fee_sumamt", fsi::money(l.split.det_item_fee_sumamt)},
                               {"pric_uplmt_amt", l.price_cap_fen > 0 ? six_decimals(l.price_cap_fen) : fsi::raw_number("999999")},
                               {"selfpay_prop", fsi::ratio_bp(l.pre_self_pay_bp)},
                               {"chrgitm_lv", l.split.chrgitm_lv.empty() ? "03" : l.split.chrgitm_lv},
                               {"med_chrgitm_type", l.med_chrgitm_type},
                               {"fulamt_ownpay_amt", fsi::money(l.split.fulamt_ownpay_amt)},
                               {"overlmt_amt", fsi::money(l.split.overlmt_amt)},
                               {"preselfpay_amt", fsi::money(l.split.preselfpay_amt)},
                               {"inscp_scp_amt", fsi::money(l.split.inscp_scp_amt)},
                               {"memo", l.split.memo}});
  }
  return fsi::serialize_exact(json::object{{"output", out}});
}

// 5205 data{psn_no, begntime, endtime} → feedetail[]: the drug lines of 门诊慢特病 visits.
core::Result<std::string> t5205(services::SettlementService&, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const auto psn_no = r.req("psn_no"), begntime = r.req("begntime"), endtime = r.req("endtime");
  if (r.error) return *r.error;
  auto lines = services::QueryService(call.ctx).chronic_drugs(call.caller, psn_no, begntime, endtime);
  if (!lines) return lines.error();
  json::array out;
  for (const auto& l : *lines) {
    out.push_back(json::object{{"feedetl_sn", l.fee.feedetl_sn},
                               {"mdtrt_id", l.visit.mdtrt_id},
                               {"psn_no", psn_no},
                               {"med_type", l.visit.med_type},
                               {"begntime", l.visit.begntime},
                               {"dise_codg", l.visit.dise_codg},
                               {"dise_name", l.visit.dise_name},
                               {"med_list_codg", l.fee.med_list_codg},
                               {"medins_list_codg", l.fee.medins_list_codg},
                               {"med_chrgitm_type", l.med_chrgitm_type},
                               {"chrgitm_lv", l.fee.chrgitm_lv},
                               {"cnt", fsi::quantity_milli(l.fee.cnt_milli)},
                               {"pric", six_decimals(l.fee.pric_fen)},
                               {"det_item_fee_sumamt", fsi::money(l.fee.det_item_fee_sumamt)},
                               {"setl_id", text_or_null(l.fee.setl_id)},
                               {"fixmedins_code", l.visit.institution_code}});
  }
  return fsi::serialize_exact(json::object{{"feedetail", out}});
}

// 5206 cum_type_code values (docs/INSTITUTIONS.md): the year-to-date accumulators the
// settlement itself applies (settlement_ytd).
constexpr const char* kCumOutpatientDeductible = "C001";  // 门诊（含药店）起付线累计
constexpr const char* kCumInpatientDeductible = "C002";   // 住院起付线累计
constexpr const char* kCumFundPaid = "C003";              // 统筹基金支付累计（年度封顶线）

// 5206 data{psn_no, cum_ym} → cuminfo[].
core::Result<std::string> t5206(services::SettlementService&, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const auto psn_no = r.req("psn_no");
  const auto cum_ym = r.req("cum_ym");
  if (r.error) return *r.error;
  bool digits = cum_ym.size() == 6;
  for (char c : cum_ym) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  const int month = digits ? std::stoi(cum_ym.substr(4)) : 0;
  if (!digits || month < 1 || month > 12) {
    return Error{Reason::FIELD_INVALID, "cum_ym 格式应为 yyyyMM", "data.cum_ym"};
  }
  const int year = std::stoi(cum_ym.substr(0, 4));
  auto cum = services::QueryService(call.ctx).cumulative(call.caller, psn_no, year);
  if (!cum) return cum.error();
  json::array out;
  for (const auto& c : *cum) {
    for (const auto& [code, fen] : {std::pair{kCumOutpatientDeductible, c.ytd.deductible_paid},
                                    std::pair{kCumInpatientDeductible, c.ytd.inpatient_deductible_paid},
                                    std::pair{kCumFundPaid, c.ytd.fund_paid}}) {
      out.push_back(json::object{{"insutype", c.insutype},
                                 {"year", std::to_string(c.year)},
                                 {"cum_ym", cum_ym},
                                 {"cum_type_code", code},
                                 {"cum", fsi::money(fen)}});
    }
  }
  return fsi::serialize_exact(json::object{{"cuminfo", out}});
}

// 2001 data{psn_no, insutype, begntime, med_type, mdtrt_cert_type, mdtrt_cert_no, fixmedins_code…}
// → trt_chk_rslt[]: the settlement's own rules, judged on begntime's date.
core::Result<std::string> t2001(services::SettlementService&, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  services::TreatmentCheckRequest q;
  q.psn_no = r.req("psn_no");
  q.insutype = r.one_of("insutype", {"310", "390"});
  r.req("med_type");
  q.begntime = r.req("begntime");
  r.one_of("mdtrt_cert_type", {"01", "02", "03"});
  r.req("mdtrt_cert_no");
  if (r.error) return *r.error;
  auto lines = services::QueryService(call.ctx).treatment_check(call.caller, q);
  if (!lines) return lines.error();
  json::array out;
  for (const auto& l : *lines) {
    out.push_back(json::object{{"psn_no", q.psn_no},
                               {"trt_chk_type", l.trt_chk_type},
                               {"fund_pay_type", l.fund_pay_type},
                               {"trt_enjymnt_flag", l.enjoy ? "1" : "0"},
                               {"begndate", text_or_null(l.begndate)},
                               {"enddate", text_or_null(l.enddate)},
                               {"trt_chk_rslt", l.result}});
  }
  return fsi::serialize_exact(json::object{{"trt_chk_rslt", out}});
}

// A whole-number field sent as a JSON number or a numeric string; `fallback` when absent.
core::Result<long long> whole(const json::object& o, const char* field, long long fallback) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) return fallback;
  std::string_view text;
  if (fsi::is_number(*v)) text = fsi::number_text(*v);
  else if (v->is_string()) text = std::string_view(v->as_string().data(), v->as_string().size());
  const std::string name = std::string("data.") + field;
  const bool digits = !text.empty() && text.size() <= 9 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!digits) return Error{Reason::FIELD_INVALID, name + " 须为正整数", name};
  return std::stoll(std::string(text));
}

// 1312 list_type (目录类别) from the item's charge type: 101 西药中成药, 102 中药饮片,
// 301 医用耗材, 201 医疗服务项目 for the rest.
const char* list_type_of(const std::string& med_chrgitm_type) {
  if (med_chrgitm_type == "09" || med_chrgitm_type == "11") return "101";
  if (med_chrgitm_type == "10") return "102";
  if (med_chrgitm_type == "08") return "301";
  return "201";
}

// 1312 data{hilist_code?, insu_admdvs?, begndate?, updt_time?, page_num, page_size} → a page.
core::Result<std::string> t1312(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  store::CataloguePageQuery q;
  q.hilist_code = r.opt("hilist_code").value_or("");
  q.admdvs = r.opt("insu_admdvs").value_or("");
  q.begndate = r.opt("begndate").value_or("");
  q.updt_time = r.opt("updt_time").value_or("");
  if (r.error) return *r.error;
  auto page_num = whole(**in, "page_num", 1);
  if (!page_num) return page_num.error();
  auto page_size = whole(**in, "page_size", 100);
  if (!page_size) return page_size.error();
  q.page_num = static_cast<int>(*page_num);
  q.page_size = static_cast<int>(std::min<long long>(*page_size, services::kMaxCataloguePageSize + 1));
  auto page = services::QueryService(call.ctx).catalogue_page(q);
  if (!page) return page.error();
  json::array rows;
  for (const auto& c : page->rows) {
    rows.push_back(json::object{{"hilist_code", c.med_list_codg},
                                {"hilist_name", c.name},
                                {"list_type", list_type_of(c.med_chrgitm_type)},
                                {"med_chrgitm_type", c.med_chrgitm_type},
                                {"chrgitm_lv", c.chrgitm_lv},
                                {"lmt_pric", c.price_cap_fen > 0 ? fsi::money(c.price_cap_fen) : json::value(nullptr)},
                                {"acct_pay_flag", c.account_scope ? "1" : "0"},
                                {"insu_admdvs", c.admdvs},
                                {"begndate", c.begndate},
                                {"enddate", text_or_null(c.enddate)},
                                {"vali_flag", c.vali_flag},
                                {"updt_time", c.updt_time},
                                {"ver", std::to_string(c.ver)}});
  }
  const std::int64_t pages = (page->record_counts + q.page_size - 1) / q.page_size;
  json::object out{{"data", rows},
                   {"recordCounts", page->record_counts},
                   {"pageNum", q.page_num},
                   {"pageSize", q.page_size},
                   {"size", static_cast<std::int64_t>(page->rows.size())},
                   {"pages", pages},
                   {"firstPage", q.page_num == 1},
                   {"lastPage", q.page_num >= pages}};
  return fsi::serialize_exact(out);
}

// 1301 data{ver} → the 西药中成药 rows changed since ver, as a file to fetch by 9102.
core::Result<std::string> t1301(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const std::string ver = r.opt("ver").value_or("0");
  if (r.error) return *r.error;
  auto file = services::western_medicine_catalogue(call.ctx, call.caller, ver);
  if (!file) return file.error();
  return fsi::serialize_exact(json::object{{"file_qury_no", file->file.file_qury_no},
                                           {"filename", file->file.filename},
                                           {"dld_endtime", dld_endtime(file->file.expires_at_us)},
                                           {"ver", file->ver},
                                           {"rows", file->rows}});
}

}  // namespace

void add_query_handlers(FsiHandlers& table) {
  table.emplace("1301", t1301);
  table.emplace("5201", t5201);
  table.emplace("5203", t5203);
  table.emplace("5204", t5204);
  table.emplace("5205", t5205);
  table.emplace("5206", t5206);
  table.emplace("2001", t2001);
  table.emplace("1312", t1312);
}

}  // namespace yibao::http::api
