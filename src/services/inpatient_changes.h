#pragma once
// Changes to a stay before it is settled (institution interface 2302, 2403, 2404, 2405): each
// is refused with its reason once a settlement stands in its way, and changes nothing then.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/diagnosis_repo.h"

namespace yibao::services {

struct AdmissionChange {
  std::string mdtrt_id;
  std::string psn_no;
  std::optional<std::string> begntime;
  std::optional<std::string> med_type;
  std::optional<std::string> dise_codg;
  std::optional<std::string> dise_name;
  std::optional<std::vector<store::DiagnosisRow>> diagnoses;  // the admission stage, replaced
};

class InpatientChanges {
 public:
  explicit InpatientChanges(ServiceContext& ctx) : ctx_(ctx) {}

  // 2302: one open detail by feedetl_sn, or every open detail with "0000". A settled detail is
  // FSI_ALREADY_SETTLED (reverse with 2305 first); a 2301 refund line FSI_REFUND_INVALID (it
  // already took quantity back from its original); an unknown one FSI_FEE_NOT_FOUND. Returns
  // how many were cancelled.
  core::Result<long long> cancel_fees(const FsiCaller& caller, const std::string& mdtrt_id, const std::string& psn_no,
                                      const std::string& feedetl_sn);
  // 2403: only an open stay without a standing settlement (FSI_VISIT_HAS_SETTLEMENT).
  core::Status change_admission(const FsiCaller& caller, const AdmissionChange& change);
  // 2404: as 2202 for a stay — with its open details; refused once settled.
  core::Status cancel_admission(const FsiCaller& caller, const std::string& mdtrt_id, const std::string& psn_no);
  // 2405: a discharged stay opens again (its discharge time and diagnoses dropped), refused
  // FSI_DISCHARGE_SETTLED while its discharge settlement stands, FSI_VISIT_CLOSED when it was
  // not discharged.
  core::Status cancel_discharge(const FsiCaller& caller, const std::string& mdtrt_id, const std::string& psn_no);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
