#pragma once
// The diagnoses a HIS uploads with a visit (`diseinfo` of 2203, 2401 and 2402), kept per stage.

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct DiagnosisRow {
  std::string stage;       // outpatient (2203) | admission (2401) | discharge (2402)
  std::string diag_type;   // 1 西医 / 2 中医主病 / 3 中医主证 / 4 手术操作
  int diag_srt_no = 0;     // order within the list (0 when the HIS sent none)
  std::string diag_code;
  std::string diag_name;
  std::string maindiag_flag;  // 1 = the main diagnosis, 0 = not, "" = not sent (2203 has no such field)
  std::string adm_cond;       // 入院病情 (2401/2402)
  std::string diag_dept;
  std::string dise_dor_no;
  std::string dise_dor_name;
  std::string diag_time;  // yyyy-MM-dd HH:mm:ss, "" when not sent
  std::string vali_flag;  // 1 = valid
};

class DiagnosisRepo {
 public:
  // The stage's list becomes `rows` (an empty list clears it): a corrected upload replaces the
  // earlier one instead of adding to it.
  static void replace(Tx& tx, std::int64_t visit_id, const std::string& stage, const std::vector<DiagnosisRow>& rows,
                      std::int64_t now_us);
  // Every stage's list, admission before discharge, each in diag_srt_no order.
  static std::vector<DiagnosisRow> of_visit(Tx& tx, std::int64_t visit_id);
};

}  // namespace yibao::store
