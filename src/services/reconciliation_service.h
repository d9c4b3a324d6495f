#pragma once
// Reconciliation for institutions (对账): 3201 对总账 compares the totals the institution
// recorded for a period with the settlements yibao committed; 3202 对明细账 compares row by
// row a file the institution uploaded (9101) and answers a difference file (9102).

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "domain/reconciliation.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/fsi_file_repo.h"

namespace yibao::services {

// The period and scope both reconciliations take.
struct ReconScope {
  std::string insutype;      // 310 | 390 | "" (any)
  std::string clr_type;      // 11 outpatient | 21 inpatient | 41 pharmacy | "" (any)
  std::string setl_optins;   // 清算机构: the insured place's admdvs, "" (any)
  std::string stmt_begndate;  // yyyy-MM-dd
  std::string stmt_enddate;   // yyyy-MM-dd, inclusive
};

struct TotalsRequest {
  ReconScope scope;
  domain::ReconTotals institution;  // what the HIS recorded
  std::string refd_setl_flag = "0";  // "0": every settlement and reversal (net); "1": reversals (退费) only
};

struct DetailsRequest {
  ReconScope scope;
  std::string file_qury_no;  // the institution's detail file, uploaded by 9101
};

struct DetailsResult {
  std::size_t institution_rows = 0;
  std::size_t platform_rows = 0;
  std::size_t differences = 0;
  store::FsiFileRow file;  // the difference file, for 9102
};

struct TotalsResult {
  domain::ReconTotals platform;
  domain::TotalsComparison comparison;
};

class ReconciliationService {
 public:
  explicit ReconciliationService(ServiceContext& ctx) : ctx_(ctx) {}

  // FSI_PERIOD_INVALID for a date that does not parse, an end before the start, or more than
  // 366 days; FIELD_INVALID for an unknown insutype, clr_type or setl_optins. Reads only.
  core::Result<TotalsResult> totals(const FsiCaller& caller, const TotalsRequest& request);

  // 3202: the uploaded zip holds one tab-separated text file, a row per settlement or reversal
  // (setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay_sumamt, acct_pay, refd_setl_flag; an
  // optional header line). Answers a zip of the differences (psn_no, mdtrt_id, setl_id, msgid,
  // stmt_rslt, refd_setl_flag, memo, medfee_sumamt, fund_pay_sumamt, acct_pay), stored for
  // 9102. FSI_FILE_NOT_FOUND, FSI_FILE_INVALID (naming the line), or the scope's refusals.
  core::Result<DetailsResult> details(const FsiCaller& caller, const DetailsRequest& request);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
