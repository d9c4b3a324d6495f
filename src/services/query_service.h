#pragma once
// The institution interface's read-only queries (issue 15; docs/INSTITUTIONS.md "查询"):
// 5201 visits, 5203 a settlement, 5204 its fee lines, 5206 the year's accumulators. Each runs
// in one read transaction (ctx.db.read: a query never opens a write transaction; the route
// spends the call's TIF nonce) and answers only the calling institution's own records:
// another institution's visit or settlement is refused exactly like an unknown one, so a
// query reveals nothing about what happened elsewhere.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/catalogue_repo.h"
#include "store/settlement_repo.h"

namespace yibao::services {

// At most this many visits in one 5201 answer: a HIS narrows the period to see more.
inline constexpr int kMaxVisitsPerQuery = 500;
// 1312 pages hold at most this many catalogue rows.
inline constexpr int kMaxCataloguePageSize = 1000;

struct VisitFilter {
  std::string psn_no;
  std::string begntime;  // yyyy-MM-dd HH:mm:ss, inclusive
  std::string endtime;   // yyyy-MM-dd HH:mm:ss, inclusive, not before begntime
  std::optional<std::string> med_type;
  std::optional<std::string> mdtrt_id;
};

struct SettlementRecord {
  store::SettlementRow row;  // as stored (a reversal's amounts are negative)
  store::VisitRow visit;
  store::PersonRow person;
  std::string setl_time;  // yyyy-MM-dd HH:mm:ss
};

// 5205: a drug line of a 门诊慢特病 (med_type 14) visit.
struct ChronicDrugLine {
  store::FeeRow fee;
  store::VisitRow visit;
  std::string med_chrgitm_type;  // 09 西药 / 10 中药饮片 / 11 中成药
};

// One 5206 line set: the person's year under one insutype.
struct Cumulative {
  std::string insutype;
  int year = 0;
  store::YtdRow ytd;
};

// 2001: one line per rule the settlement applies (treatment_checks.h), saying why it refuses.
struct TreatmentCheckRequest {
  std::string psn_no;
  std::string insutype;
  std::string begntime;  // yyyy-MM-dd HH:mm:ss: the rules are judged on its date
};

inline constexpr const char* kCheckEnrolment = "01";  // 参保状态与待遇等待期
inline constexpr const char* kCheckRemote = "02";     // 异地就医（备案）

struct TreatmentCheckLine {
  std::string trt_chk_type;  // kCheckEnrolment | kCheckRemote
  std::string fund_pay_type;  // 310100 职工统筹 / 390100 居民统筹
  bool enjoy = false;         // trt_enjymnt_flag
  std::optional<std::string> begndate;
  std::optional<std::string> enddate;
  std::string result;  // trt_chk_rslt: the reason and what to do
};

class QueryService {
 public:
  explicit QueryService(ServiceContext& ctx) : ctx_(ctx) {}

  // 5201: the person's visits at the caller that began in the period, oldest first.
  // FIELD_INVALID for a malformed or reversed period; PERSON_UNKNOWN for an unknown psn_no;
  // FSI_VISIT_NOT_FOUND when a named mdtrt_id is not this person's visit at the caller.
  core::Result<std::vector<store::VisitRow>> visits(const FsiCaller& caller, const VisitFilter& filter);
  // 5203: FSI_SETTLEMENT_NOT_FOUND unless setl_id is the caller's, of visit mdtrt_id, of psn_no.
  core::Result<SettlementRecord> settlement(const FsiCaller& caller, const std::string& setl_id,
                                            const std::string& mdtrt_id, const std::string& psn_no);
  // 5204: the settlement's fee lines, split again by the settlement calculator (class, price
  // cap, pre-self-pay under the insured place's policy) — the split 2204/2301 answered. A
  // reversed settlement's details went back to the visit (open again), so it lists none.
  core::Result<std::vector<PricedLine>> settlement_fees(const FsiCaller& caller, const std::string& setl_id,
                                                        const std::string& mdtrt_id, const std::string& psn_no);
  // 5205: the drug lines (catalogue item type 09/10/11 at the place of treatment) of the
  // person's med_type-14 visits at the caller that began in the period. yibao keeps no
  // chronic-disease registry yet, so a visit counts as 门诊慢特病 by its med_type alone (set by
  // 2203); none gives an empty list. Period and person refused as in visits().
  core::Result<std::vector<ChronicDrugLine>> chronic_drugs(const FsiCaller& caller, const std::string& psn_no,
                                                           const std::string& begntime, const std::string& endtime);
  // 5206: the year-to-date accumulators of `year` per insutype the person is enrolled in.
  // Only for a person who has a visit at the caller (else FSI_VISIT_NOT_FOUND): an institution
  // sees the accumulators of its own patients only.
  core::Result<std::vector<Cumulative>> cumulative(const FsiCaller& caller, const std::string& psn_no, int year);
  // 1312: one page of the catalogue (store::CatalogueRepo::page). FIELD_INVALID for page_num
  // < 1, page_size outside 1..kMaxCataloguePageSize, a begndate not yyyy-MM-dd or an
  // updt_time not yyyy-MM-dd HH:mm:ss. The catalogue is public: any signed institution may
  // download all of it.
  core::Result<store::CataloguePage> catalogue_page(const store::CataloguePageQuery& query);
  // 2001: the enrolment line always; the 异地 line when an enrolment in the region was found
  // (it is judged against that enrolment's region). The caller's insuplc_admdvs is the region,
  // as in settlement. Commits nothing.
  core::Result<std::vector<TreatmentCheckLine>> treatment_check(const FsiCaller& caller,
                                                                const TreatmentCheckRequest& request);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
