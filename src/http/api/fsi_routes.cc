#include "http/api/fsi_routes.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/clock.h"
#include "core/masking.h"
#include "core/money.h"
#include "http/api/api_support.h"
#include "http/api/decode_routes.h"
#include "http/api/fsi_call.h"
#include "http/api/fsi_diagnoses.h"
#include "http/api/fsi_envelope.h"
#include "http/api/fsi_labels.h"
#include "http/api/fsi_trace_codes.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;
using services::SettlementService;

core::Result<std::vector<services::FeeInput>> fee_lines(const json::array& arr, const char* node_name, bool batch,
                                                        std::string& mdtrt_id, std::string& psn_no) {
  std::vector<services::FeeInput> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string name = std::string(node_name) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return Error{Reason::FIELD_INVALID, name + " 须为对象", name};
    Reader r{arr[i].as_object(), name, std::nullopt};
    services::FeeInput f;
    f.feedetl_sn = r.req("feedetl_sn");
    // 2204/2301 lines name their visit and person, all the same one; 2101/2102 lines do not.
    if (std::string_view(node_name) != "drugdetail") {
      const std::string m = r.req("mdtrt_id");
      const std::string p = r.req("psn_no");
      if (!r.error) {
        if (i == 0) {
          mdtrt_id = m;
          psn_no = p;
        } else if (m != mdtrt_id || p != psn_no) {
          return Error{Reason::FIELD_INVALID, "一次上传的明细须属于同一就诊", name + ".mdtrt_id"};
        }
      }
    }
    if (batch) f.chrg_bchno = r.req("chrg_bchno");
    if (!batch && std::string_view(node_name) == "feedetail") f.init_feedetl_sn = r.opt("init_feedetl_sn").value_or("");
    f.med_list_codg = r.req("med_list_codg");
    // medins_list_codg is stored when sent and fee_ocur_time is not read: neither decides
    // anything (issue 15).
    f.medins_list_codg = r.opt("medins_list_codg").value_or("");
    f.det_item_fee_sumamt = r.amount("det_item_fee_sumamt");
    f.cnt_milli = r.cnt("cnt");
    if (!r.error) {
      const auto* v = arr[i].as_object().if_contains("pric");
      std::string_view text;
      if (v != nullptr && fsi::is_number(*v)) text = fsi::number_text(*v);
      else if (v != nullptr && v->is_string()) text = std::string_view(v->as_string().data(), v->as_string().size());
      if (text.empty()) return Error{Reason::FIELD_MISSING, fsi::labelled(name + ".pric"), name + ".pric"};
      auto fen = fsi::scaled_decimal(text, 2);
      if (!fen) return Error{Reason::FIELD_INVALID, fsi::labelled(name + ".pric") + " 须为整分的单价", name + ".pric"};
      f.pric_fen = *fen;
    }
    if (r.error) return *r.error;
    auto codes = read_trace_codes(arr[i].as_object().if_contains("drug_trac_info"), name + ".drug_trac_info", f.feedetl_sn);
    if (!codes) return codes.error();
    f.trace_codes = std::move(codes).value();
    out.push_back(f);
  }
  return out;
}

// drug_trac_info beside the lines (input.drug_trac_info; for 2207/2304 also inside data).
core::Result<std::vector<domain::TraceCodeInput>> input_trace_codes(const json::object& input, const json::object* data) {
  const json::value* v = input.if_contains("drug_trac_info");
  std::string path = "input.drug_trac_info";
  if ((v == nullptr || v->is_null()) && data != nullptr) {
    v = data->if_contains("drug_trac_info");
    path = "input.data.drug_trac_info";
  }
  return read_trace_codes(v, path, "");
}

// ---- output renderers ----

json::value six_decimals(std::int64_t fen) { return fsi::raw_number(core::Money::from_fen(fen).to_string() + "0000"); }

json::object line_json(const services::PricedLine& l) {
  json::object o;
  o["feedetl_sn"] = l.split.feedetl_sn;
  o["det_item_fee_sumamt"] = fsi::money(l.split.det_item_fee_sumamt);
  o["cnt"] = fsi::quantity_milli(l.cnt_milli);
  o["pric"] = six_decimals(l.pric_fen);
  o["pric_uplmt_amt"] = l.price_cap_fen > 0 ? six_decimals(l.price_cap_fen) : fsi::raw_number("999999");
  o["selfpay_prop"] = fsi::ratio_bp(l.pre_self_pay_bp);
  o["fulamt_ownpay_amt"] = fsi::money(l.split.fulamt_ownpay_amt);
  o["overlmt_amt"] = fsi::money(l.split.overlmt_amt);
  o["preselfpay_amt"] = fsi::money(l.split.preselfpay_amt);
  o["inscp_scp_amt"] = fsi::money(l.split.inscp_scp_amt);
  o["chrgitm_lv"] = l.split.chrgitm_lv.empty() ? "03" : l.split.chrgitm_lv;
  o["med_chrgitm_type"] = l.med_chrgitm_type;
  o["bas_medn_flag"] = "0";
  o["hi_nego_drug_flag"] = "0";
  o["chld_medc_flag"] = "0";
  o["list_sp_item_flag"] = "0";
  o["lmt_used_flag"] = "0";
  o["drt_reim_flag"] = "0";
  o["memo"] = l.split.memo;
  return o;
}

json::object setlinfo(const services::SettlementView& v, bool committed, bool pharmacy_reversal) {
  const auto& r = v.row;
  json::object o;
  o["mdtrt_id"] = v.mdtrt_id;
  o["setl_id"] = committed ? json::value(r.setl_id) : json::value(nullptr);
  o["psn_no"] = v.person.psn_no;
  o["psn_name"] = v.person.name;
  o["psn_cert_type"] = "01";
  o["certno"] = v.person.id_number;
  o["gend"] = v.person.gend;
  o["naty"] = v.person.naty;
  o["brdy"] = v.person.birth_date;
  o["age"] = fsi::raw_number(std::to_string(v.age_tenths / 10) + "." + std::to_string(v.age_tenths % 10));
  o["insutype"] = r.insutype.empty() ? v.enrolment.insutype : r.insutype;
  o["psn_type"] = v.enrolment.psn_type;
  o["cvlserv_flag"] = "0";
  o["setl_time"] = committed ? json::value(v.setl_time) : json::value(nullptr);
  o["mdtrt_cert_type"] = v.mdtrt_cert_type;
  o["med_type"] = r.med_type;
  o["medfee_sumamt"] = fsi::money(r.medfee_sumamt);
  o["fulamt_ownpay_amt"] = fsi::money(r.fulamt_ownpay_amt);
  o["overlmt_selfpay"] = fsi::money(r.overlmt_selfpay);
  o["preselfpay_amt"] = fsi::money(r.preselfpay_amt);
  o["inscp_scp_amt"] = fsi::money(r.inscp_scp_amt);
  o["act_pay_dedc"] = fsi::money(r.act_pay_dedc);
  o["hifp_pay"] = fsi::money(r.hifp_pay);
  o["pool_prop_selfpay"] = fsi::ratio_bp(r.pool_prop_selfpay);
  for (const char* zero : {"cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay"}) {
    o[zero] = fsi::money(0);
  }
  o["fund_pay_sumamt"] = fsi::money(r.fund_pay_sumamt);
  o["psn_part_amt"] = fsi::money(r.psn_part_amt);
  o["acct_pay"] = fsi::money(r.acct_pay);
  o["psn_cash_pay"] = fsi::money(r.psn_cash_pay);
  o["hosp_part_amt"] = fsi::money(r.hosp_part_amt);
  o["balc"] = fsi::money(v.balc);
  o["acct_mulaid_pay"] = fsi::money(r.acct_mulaid_pay);
  o["medins_setl_id"] = committed ? json::value(r.msgid) : json::value(nullptr);
  o["clr_optins"] = v.enrolment.admdvs;
  o["clr_way"] = committed ? json::value("1") : json::value(nullptr);
  o["clr_type"] = v.clr_type;
  if (pharmacy_reversal) {
    o["psn_pay"] = fsi::money(r.psn_part_amt);
    o["cash_payamt"] = fsi::money(r.psn_cash_pay);
  }
  return o;
}

// One item per fund that paid (fund_pay_type code table of institution-interface.md): the pooled
// fund, the patient's own personal account (310200) and what the hospital bears (999996).
// Mutual aid stays in setlinfo.acct_mulaid_pay: no fund_pay_type code for 共济 is published.
// A reversal's amounts are negative, as the 2208/2305/2103 samples show.
// When mutual aid paid nothing for a patient with authorisers, a memo line says why: amounts
// 0.00, fund_pay_type "" (no code is published), the reason in setl_proc_info. It lives in the
// output, so the stored reply replays it, and warn_msg is read back from it (aid_warning).
constexpr std::string_view kAidMemoName = "个人账户共济支付";
json::array setldetail(const services::SettlementView& v) {
  json::array out;
  const auto& r = v.row;
  const auto item = [&](const char* code, const char* name, std::int64_t amount, std::string info) {
    json::object d;
    d["fund_pay_type"] = code;
    d["inscp_scp_amt"] = fsi::money(r.inscp_scp_amt);
    d["crt_payb_lmt_amt"] = fsi::money(amount);
    d["fund_payamt"] = fsi::money(amount);
    d["fund_pay_type_name"] = name;
    d["setl_proc_info"] = std::move(info);
    out.push_back(std::move(d));
  };
  if (r.hifp_pay != 0) {
    const bool employee = (r.insutype.empty() ? v.enrolment.insutype : r.insutype) == "310";
    item(employee ? "310100" : "390100", employee ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险基金", r.hifp_pay,
         "起付线 " + core::Money::from_fen(r.act_pay_dedc).to_string() + "，统筹支付比例 " +
             fsi::serialize_exact(fsi::ratio_bp(r.pool_prop_selfpay)));
  }
  if (r.acct_pay != 0) item("310200", "职工个人账户基金", r.acct_pay, "本人个人账户支付");
  if (r.hosp_part_amt != 0) item("999996", "医院垫付", r.hosp_part_amt, "医院负担部分");
  if (!v.aid_note.empty()) item("", kAidMemoName.data(), 0, "家庭共济未支付：" + v.aid_note);
  return out;
}

// The memo line's text, for the envelope's warn_msg; "" when the output has none. Read from the
// output text itself, so a fresh answer and its replay say the same.
std::string aid_warning(std::string_view output) {
  if (output.find(kAidMemoName) == std::string_view::npos) return {};
  boost::system::error_code ec;
  const auto parsed = json::parse(output, ec);
  if (ec || !parsed.is_object()) return {};
  const auto* detail = parsed.as_object().if_contains("setldetail");
  if (detail == nullptr || !detail->is_array()) return {};
  for (const auto& d : detail->as_array()) {
    const auto* o = d.if_object();
    if (o == nullptr) continue;
    const auto* name = o->if_contains("fund_pay_type_name");
    const auto* info = o->if_contains("setl_proc_info");
    const auto* code = o->if_contains("fund_pay_type");
    if (name && name->is_string() && name->as_string() == kAidMemoName && code && code->is_string() &&
        code->as_string().empty() && info && info->is_string()) {
      return std::string(info->as_string());
    }
  }
  return {};
}

std::string settlement_output(const services::SettlementView& v, bool committed, bool with_lines,
                              bool pharmacy_reversal = false) {
  json::object out;
  out["setlinfo"] = setlinfo(v, committed, pharmacy_reversal);
  out["setldetail"] = setldetail(v);
  if (with_lines) {
    json::array lines;
    for (const auto& l : v.lines) lines.push_back(line_json(l));
    out["detlcutinfo"] = lines;
  }
  return fsi::serialize_exact(out);
}

// ---- the transactions ----

core::Result<std::string> t9001(SettlementService& svc, const Call& call) {
  auto in = node(call.envelope.input, "signIn");
  if (!in) return in.error();
  Reader r{**in, "signIn", std::nullopt};
  const auto opter_no = r.req("opter_no");  // ip and mac are not kept
  if (r.error) return *r.error;
  auto sign_no = svc.sign_in(call.caller, opter_no);
  if (!sign_no) return sign_no.error();
  json::object out{{"signinoutb", json::object{{"sign_no", *sign_no}, {"sign_time", call.envelope.inf_time}}}};
  return fsi::serialize_exact(out);
}

core::Result<std::string> t1101(SettlementService& svc, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  // The credential names the person; psn_cert_type / certno / psn_name are echoes the HIS may
  // leave "" (issue 15) and are not read.
  auto cert = cert_of(r);
  if (r.error) return *r.error;
  auto info = svc.person_info(call.caller, cert);
  if (!info) return info.error();
  const auto& p = info->person;
  json::object base{{"psn_no", p.psn_no},
                    {"psn_cert_type", "01"},
                    {"certno", p.id_number},
                    {"psn_name", p.name},
                    {"gend", p.gend},
                    {"naty", p.naty},
                    {"brdy", p.birth_date},
                    {"age", fsi::raw_number(std::to_string(info->age_tenths / 10) + "." + std::to_string(info->age_tenths % 10))},
                    {"exp_content", info->credential_note.empty() ? json::value(nullptr) : json::value(info->credential_note)}};
  json::array insuinfo;
  for (const auto& i : info->insurances) {
    const auto& e = i.enrolment;
    const char* stas = e.status == "normal" ? "1" : e.status == "paused" ? "2" : "4";
    insuinfo.push_back(json::object{{"balc", fsi::money(i.balc)},
                                    {"insutype", e.insutype},
                                    {"psn_type", e.psn_type},
                                    {"psn_insu_stas", stas},
                                    {"psn_insu_date", e.start_date},
                                    {"paus_insu_date", e.status == "paused" && e.end_date ? json::value(*e.end_date) : json::value(nullptr)},
                                    {"cvlserv_flag", "0"},
                                    {"insuplc_admdvs", e.admdvs},
                                    {"emp_name", e.emp_name ? json::value(*e.emp_name) : json::value("")}});
  }
  json::object out{{"baseinfo", base}, {"insuinfo", insuinfo}, {"idetinfo", json::array{}}};
  return fsi::serialize_exact(out);
}

// 2201/2401 agnterinfo (代办). The national input puts it beside data/mdtrtinfo; some HIS nest
// it inside data, so both are read. HIS send the node with every field "" (or null) when
// nobody registers for the patient: that is no agent. Once any field is filled, name,
// relation, certificate type and number are required; the phone is optional.
core::Result<std::optional<store::VisitAgent>> agent_of(const json::object& input, const json::object& data) {
  const json::value* v = input.if_contains("agnterinfo");
  std::string path = "input.agnterinfo";
  if (v == nullptr || v->is_null()) {
    v = data.if_contains("agnterinfo");
    path = "input.data.agnterinfo";
  }
  if (v == nullptr || v->is_null()) return std::optional<store::VisitAgent>{};
  if (!v->is_object()) return Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 须为对象", path};
  Reader r{v->as_object(), path, std::nullopt};
  store::VisitAgent a;
  a.name = r.opt("agnter_name").value_or("");
  a.rlts = r.opt("agnter_rlts").value_or("");
  a.cert_type = r.opt("agnter_cert_type").value_or("");
  a.certno = r.opt("agnter_certno").value_or("");
  a.tel = r.opt("agnter_tel").value_or("");
  if (r.error) return *r.error;
  if (a.name.empty() && a.rlts.empty() && a.cert_type.empty() && a.certno.empty() && a.tel.empty()) {
    return std::optional<store::VisitAgent>{};
  }
  for (const char* field : {"agnter_name", "agnter_rlts", "agnter_cert_type", "agnter_certno"}) {
    if (r.req(field).empty() || r.error) {
      return Error{Reason::FIELD_MISSING, fsi::labelled(path + "." + field) + "：填写了代办人信息时须填写", path + "." + field};
    }
  }
  return std::optional<store::VisitAgent>{std::move(a)};
}

core::Result<std::string> open_visit(SettlementService& svc, const Call& call, bool inpatient) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, inpatient ? "mdtrtinfo" : "data");
  if (!in) return in.error();
  Reader r{**in, inpatient ? "mdtrtinfo" : "data", std::nullopt};
  services::VisitOpen v;
  v.kind = inpatient ? "inpatient" : "outpatient";
  v.psn_no = r.req("psn_no");
  v.insutype = r.one_of("insutype", {"310", "390"});
  v.begntime = r.req("begntime");
  v.cert = cert_of(r);
  if (inpatient) {
    // med_type is echoed by 2303/2304, whose input does not carry it. Doctor, department,
    // bed and diagnosis text are the hospital's record, not read (issue 15).
    v.med_type = r.req("med_type");
    v.ipt_otp_no = r.req("ipt_no");
    v.dise_codg = r.opt("dscg_maindiag_code").value_or("");
    v.dise_name = r.opt("dscg_maindiag_name").value_or("");
  } else {
    // Doctor, department and 科别 are not read (issue 15).
    v.med_type = "11";
    v.ipt_otp_no = r.req("ipt_otp_no");
  }
  if (r.error) return *r.error;
  auto agent = agent_of(call.envelope.input, **in);
  if (!agent) return agent.error();
  v.agent = std::move(agent).value();
  if (auto t = core::parse_shanghai_datetime(v.begntime); !t) {
    return Error{Reason::FIELD_INVALID, fsi::labelled("begntime") + " 格式应为 yyyy-MM-dd HH:mm:ss", "begntime"};
  }
  if (inpatient) {
    auto diagnoses = read_diagnoses(call.envelope.input, DiagnosisForm::inpatient, "admission");
    if (!diagnoses) return diagnoses.error();
    v.diagnoses = std::move(diagnoses).value();
  }
  auto visit = svc.open_visit(call.caller, v);
  if (!visit) return visit.error();
  json::object data{{"mdtrt_id", visit->mdtrt_id}, {"psn_no", v.psn_no}, {"ipt_otp_no", v.ipt_otp_no}, {"exp_content", nullptr}};
  if (inpatient) return fsi::serialize_exact(json::object{{"result", data}, {"data", data}});
  return fsi::serialize_exact(json::object{{"data", data}});
}

core::Result<std::string> t2202(SettlementService& svc, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const auto psn_no = r.req("psn_no"), mdtrt_id = r.req("mdtrt_id"), ipt_otp_no = r.req("ipt_otp_no");
  if (r.error) return *r.error;
  if (auto ok = svc.cancel_visit(call.caller, psn_no, mdtrt_id, ipt_otp_no); !ok) return ok.error();
  return std::string("{}");
}

core::Result<std::string> t2203(SettlementService& svc, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "mdtrtinfo");
  if (!in) return in.error();
  Reader r{**in, "mdtrtinfo", std::nullopt};
  services::VisitUpdate u;
  u.mdtrt_id = r.req("mdtrt_id");
  u.psn_no = r.req("psn_no");
  u.med_type = r.opt("med_type");  // absent: the visit keeps the one it was registered with
  u.dise_codg = r.opt("dise_codg");
  u.dise_name = r.opt("dise_name");
  if (r.error) return *r.error;
  auto diagnoses = read_diagnoses(call.envelope.input, DiagnosisForm::outpatient, "outpatient");
  if (!diagnoses) return diagnoses.error();
  u.diagnoses = std::move(diagnoses).value();
  if (auto ok = svc.update_visit(call.caller, u); !ok) return ok.error();
  return std::string("{}");
}

core::Result<std::string> t2402(SettlementService& svc, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "dscginfo");
  if (!in) return in.error();
  Reader r{**in, "dscginfo", std::nullopt};
  services::VisitUpdate u;
  u.mdtrt_id = r.req("mdtrt_id");
  u.psn_no = r.req("psn_no");
  // insutype is the stay's own; department and discharge way are not read (issue 15).
  u.endtime = r.req("endtime");
  u.dise_codg = r.opt("dise_codg");
  u.dise_name = r.opt("dise_name");
  if (r.error) return *r.error;
  auto diagnoses = read_diagnoses(call.envelope.input, DiagnosisForm::inpatient, "discharge");
  if (!diagnoses) return diagnoses.error();
  u.diagnoses = std::move(diagnoses).value();
  u.discharge = true;
  if (auto ok = svc.update_visit(call.caller, u); !ok) return ok.error();
  return std::string("{}");
}

core::Result<std::string> upload(SettlementService& svc, const Call& call, bool outpatient) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto arr = array_node(call.envelope.input, "feedetail");
  if (!arr) return arr.error();
  std::string mdtrt_id, psn_no;
  auto lines = fee_lines(**arr, "feedetail", outpatient, mdtrt_id, psn_no);
  if (!lines) return lines.error();
  if (lines->empty()) return Error{Reason::FIELD_MISSING, "input.feedetail", "input.feedetail"};
  auto fees = std::move(lines).value();
  auto codes = input_trace_codes(call.envelope.input, nullptr);
  if (!codes) return codes.error();
  for (const auto& c : *codes) {
    auto line = std::find_if(fees.begin(), fees.end(), [&](const auto& l) { return l.feedetl_sn == c.feedetl_sn; });
    if (line == fees.end()) return Error{Reason::DRUG_TRACE_LINE_UNKNOWN, c.feedetl_sn, "input.drug_trac_info.feedetl_sn"};
    line->trace_codes.push_back(c);
  }
  auto priced = svc.upload_fees(call.caller, mdtrt_id, psn_no, fees);
  if (!priced) return priced.error();
  json::array result;
  for (const auto& l : *priced) result.push_back(line_json(l));
  return fsi::serialize_exact(json::object{{"result", result}});
}

core::Result<std::string> t2205(SettlementService& svc, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const auto mdtrt_id = r.req("mdtrt_id"), chrg_bchno = r.req("chrg_bchno"), psn_no = r.req("psn_no");
  if (r.error) return *r.error;
  if (auto ok = svc.cancel_fees(call.caller, mdtrt_id, psn_no, chrg_bchno); !ok) return ok.error();
  return std::string("{}");
}

core::Result<services::SettleRequest> settle_request(const Call& call, const std::string& kind) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  const char* name = kind == "pharmacy" ? "druginfo" : "data";
  auto in = node(call.envelope.input, name);
  if (!in) return in.error();
  Reader r{**in, name, std::nullopt};
  services::SettleRequest s;
  s.kind = kind;
  s.psn_no = r.req("psn_no");
  s.cert = cert_of(r);
  s.medfee_sumamt = r.amount("medfee_sumamt");
  s.insutype = r.one_of("insutype", {"310", "390"});
  s.acct_used_flag = r.one_of("acct_used_flag", {"0", "1"}) == "1";
  if (kind == "pharmacy") {
    s.med_type = r.opt("med_type").value_or("41");
    s.begntime = r.opt("begntime").value_or(call.envelope.inf_time);  // the purchase is now
    s.dise_codg = r.opt("dise_codg").value_or("");
    s.dise_name = r.opt("dise_name").value_or("");
  } else {
    // med_type: absent (2303/2304 never carry it) means the visit's own (issue 15).
    s.med_type = r.opt("med_type").value_or("");
    s.mdtrt_id = r.req("mdtrt_id");
    r.opt_one_of("psn_setlway", {"01", "02", "0201", "0202"});
    if (kind == "outpatient") s.chrg_bchno = r.req("chrg_bchno");
    if (kind == "inpatient") s.mid_setl = r.one_of("mid_setl_flag", {"0", "1"}) == "1";
  }
  if (r.error) return *r.error;
  if (kind == "pharmacy") {
    auto arr = array_node(call.envelope.input, "drugdetail");
    if (!arr) return arr.error();
    std::string mdtrt_id, psn_no = s.psn_no;
    auto lines = fee_lines(**arr, "drugdetail", false, mdtrt_id, psn_no);
    if (!lines) return lines.error();
    s.lines = std::move(lines).value();
  }
  auto codes = input_trace_codes(call.envelope.input, *in);
  if (!codes) return codes.error();
  s.trace_codes = std::move(codes).value();
  return s;
}

core::Result<std::string> presettle(SettlementService& svc, const Call& call, const std::string& kind) {
  auto req = settle_request(call, kind);
  if (!req) return req.error();
  auto view = svc.presettle(call.caller, *req);
  if (!view) return view.error();
  return settlement_output(*view, false, kind == "pharmacy");
}

core::Result<std::string> settle(SettlementService& svc, const Call& call, const std::string& kind) {
  auto req = settle_request(call, kind);
  if (!req) return req.error();
  const bool lines = kind == "pharmacy";
  return svc.settle(call.caller, *req, [lines](const services::SettlementView& v) { return settlement_output(v, true, lines); });
}

core::Result<std::string> reverse(SettlementService& svc, const Call& call, bool pharmacy) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const auto setl_id = r.req("setl_id"), mdtrt_id = r.req("mdtrt_id"), psn_no = r.req("psn_no");
  if (r.error) return *r.error;
  return svc.reverse(call.caller, setl_id, mdtrt_id, psn_no, [pharmacy](const services::SettlementView& v) {
    return settlement_output(v, true, false, pharmacy);
  });
}

const FsiHandlers& handlers() {
  static const FsiHandlers table = [] {
    FsiHandlers t{
      {"9001", t9001},
      {"1101", t1101},
      {"2201", [](SettlementService& s, const Call& c) { return open_visit(s, c, false); }},
      {"2202", t2202},
      {"2203", t2203},
      {"2204", [](SettlementService& s, const Call& c) { return upload(s, c, true); }},
      {"2205", t2205},
      {"2206", [](SettlementService& s, const Call& c) { return presettle(s, c, "outpatient"); }},
      {"2207", [](SettlementService& s, const Call& c) { return settle(s, c, "outpatient"); }},
      {"2208", [](SettlementService& s, const Call& c) { return reverse(s, c, false); }},
      {"2401", [](SettlementService& s, const Call& c) { return open_visit(s, c, true); }},
      {"2402", t2402},
      {"2301", [](SettlementService& s, const Call& c) { return upload(s, c, false); }},
      {"2303", [](SettlementService& s, const Call& c) { return presettle(s, c, "inpatient"); }},
      {"2304", [](SettlementService& s, const Call& c) { return settle(s, c, "inpatient"); }},
      {"2305", [](SettlementService& s, const Call& c) { return reverse(s, c, false); }},
      {"2101", [](SettlementService& s, const Call& c) { return presettle(s, c, "pharmacy"); }},
      {"2102", [](SettlementService& s, const Call& c) { return settle(s, c, "pharmacy"); }},
      {"2103", [](SettlementService& s, const Call& c) { return reverse(s, c, true); }},
    };
    // The other families of transactions, each in its own file (fsi_call.h).
    for (const auto& add : {add_correction_handlers, add_reconciliation_handlers, add_query_handlers,
                            add_inpatient_change_handlers, add_drug_trace_handlers}) add(t);
    return t;
  }();
  return table;
}

bool is_auth_failure(Reason r) {
  return r == Reason::INSTITUTION_AUTH_FAILED || r == Reason::INSTITUTION_TIMESTAMP_STALE ||
         r == Reason::INSTITUTION_NONCE_REUSED;
}

Response fsi_response(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response call_service(ApiDeps& deps, SettlementService& svc, Request& request) {
  const auto received = deps.ctx.clock.now();
  fsi::Reply reply;
  reply.refmsg_time = core::format_shanghai_compact_ms(received);
  auto finish = [&](const std::string& admdvs) {
    reply.respond_time = core::format_shanghai_compact_ms(deps.ctx.clock.now());
    // Receiver admdvs (6) + yyyyMMddHHmmss (14) + a 10-digit serial drawn from the request id.
    std::string serial = std::to_string(std::hash<std::string>{}(request.request_id) % 10'000'000'000ULL);
    serial.insert(0, 10 - serial.size(), '0');
    reply.inf_refmsgid =
        (admdvs.size() == 6 ? admdvs : std::string("000000")) + core::format_shanghai_compact(received) + serial;
  };
  auto verified = services::verify_institution(deps.ctx, tif_headers(request));
  if (!verified) {
    finish("");
    return fsi_response(is_auth_failure(verified.reason()) ? 401 : 200, fsi::render_failure(reply, verified.error()));
  }
  const store::InstitutionRow& institution = verified->institution;
  services::TifNonce& nonce = verified.value().nonce;
  // Every answer spends the nonce exactly once: a call that wrote spent it in its own
  // transaction (FsiCaller::nonce); a refusal or a read-only call spends it here.
  auto answer = [&](const core::Result<std::string>& output) {
    if (auto spent = services::spend_tif_nonce(deps.ctx, nonce); !spent) {
      return fsi_response(401, fsi::render_failure(reply, spent.error()));
    }
    finish(institution.admdvs);
    if (!output) return fsi_response(200, fsi::render_failure(reply, output.error()));
    return fsi_response(200, fsi::render_success(reply, *output, aid_warning(*output)));
  };
  finish(institution.admdvs);
  auto envelope = fsi::decode_envelope(request.body);
  if (!envelope) return answer(envelope.error());
  if (envelope->fixmedins_code != institution.code) {
    return answer(Error{Reason::FSI_INSTITUTION_MISMATCH, envelope->fixmedins_code, "fixmedins_code"});
  }
  const auto& table = handlers();
  auto it = table.find(envelope->infno);
  if (it == table.end()) return answer(Error{Reason::FSI_INFNO_UNSUPPORTED, envelope->infno, "infno"});
  Call call{services::FsiCaller{institution, envelope->infno, envelope->msgid, envelope->insuplc_admdvs,
                                envelope->input_digest, &nonce},
            *envelope, deps.ctx};
  auto output = it->second(svc, call);
  if (envelope->infno == "9102" && output) {
    // 9102 answers the file itself, as the national interface does; a refusal is an envelope.
    if (auto spent = services::spend_tif_nonce(deps.ctx, nonce); !spent) {
      return fsi_response(401, fsi::render_failure(reply, spent.error()));
    }
    Response file;
    file.status = 200;
    file.content_type = "application/octet-stream";
    file.body = std::move(*output);
    return file;
  }
  return answer(output);
}

}  // namespace

void add_fsi_routes(Router& router, ApiDeps& deps) {
  auto svc = std::make_shared<SettlementService>(deps.ctx);
  router.post("/fsi/api/callService", [&deps, svc](Request& request) { return call_service(deps, *svc, request); });
}

}  // namespace yibao::http::api
