// Changes to a stay before settlement over the institution interface: 2302 住院费用明细撤销,
// 2403 入院办理信息变更, 2404 入院撤销, 2405 出院撤销 (services/inpatient_changes.h).
#include "http/api/fsi_call.h"
#include "http/api/fsi_diagnoses.h"
#include "services/inpatient_changes.h"

namespace yibao::http::api {
namespace {

// data{mdtrt_id, psn_no, …} of 2302/2404/2405, with the envelope's insuplc_admdvs.
core::Result<const boost::json::object*> stay_node(const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  return node(call.envelope.input, "data");
}

core::Result<std::string> t2302(services::SettlementService&, const Call& call) {
  auto in = stay_node(call);
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const std::string mdtrt_id = r.req("mdtrt_id");
  const std::string psn_no = r.req("psn_no");
  const std::string feedetl_sn = r.req("feedetl_sn");
  if (r.error) return *r.error;
  auto cancelled = services::InpatientChanges(call.ctx).cancel_fees(call.caller, mdtrt_id, psn_no, feedetl_sn);
  if (!cancelled) return cancelled.error();
  return std::string("{}");
}

core::Result<std::string> t2403(services::SettlementService&, const Call& call) {
  if (auto ok = need_insuplc(call); !ok) return ok.error();
  auto in = node(call.envelope.input, "adminfo");
  if (!in) return in.error();
  Reader r{**in, "adminfo", std::nullopt};
  services::AdmissionChange c;
  c.mdtrt_id = r.req("mdtrt_id");
  c.psn_no = r.req("psn_no");
  c.begntime = r.opt("begntime");
  c.med_type = r.opt("med_type");
  c.dise_codg = r.opt("dscg_maindiag_code");
  c.dise_name = r.opt("dscg_maindiag_name");
  if (r.error) return *r.error;
  auto diagnoses = read_diagnoses(call.envelope.input, DiagnosisForm::inpatient, "admission");
  if (!diagnoses) return diagnoses.error();
  c.diagnoses = std::move(diagnoses).value();
  if (auto ok = services::InpatientChanges(call.ctx).change_admission(call.caller, c); !ok) return ok.error();
  return std::string("{}");
}

template <core::Status (services::InpatientChanges::*Change)(const services::FsiCaller&, const std::string&,
                                                              const std::string&)>
core::Result<std::string> stay_change(services::SettlementService&, const Call& call) {
  auto in = stay_node(call);
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  const std::string mdtrt_id = r.req("mdtrt_id");
  const std::string psn_no = r.req("psn_no");
  if (r.error) return *r.error;
  services::InpatientChanges changes(call.ctx);
  if (auto ok = (changes.*Change)(call.caller, mdtrt_id, psn_no); !ok) return ok.error();
  return std::string("{}");
}

}  // namespace

void add_inpatient_change_handlers(FsiHandlers& table) {
  table.emplace("2302", t2302);
  table.emplace("2403", t2403);
  table.emplace("2404", stay_change<&services::InpatientChanges::cancel_admission>);
  table.emplace("2405", stay_change<&services::InpatientChanges::cancel_discharge>);
}

}  // namespace yibao::http::api
