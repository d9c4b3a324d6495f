#pragma once
// 药品追溯码 uses (migration 0015): who sold which box, and when that sale was undone. Plain
// rows; the rules are domain/drug_trace_rules, the use cases services/drug_trace.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct TraceUseRow {
  std::int64_t id = 0;
  std::string code;
  std::string trdn_flag = "0";
  std::string min_prcunt_type;
  std::string institution_code;
  std::string source_infno;
  std::string msgid;
  std::optional<std::int64_t> visit_id;
  std::string feedetl_sn;
  std::optional<std::string> setl_id;
  std::optional<std::int64_t> person_id;
  std::string med_list_codg;
  std::int64_t sold_at_us = 0;
  std::optional<std::int64_t> released_at_us;
  std::string release_kind;  // "" while it stands
  std::string released_by;
  std::string institution_name;  // filled by history
};

class DrugTraceRepo {
 public:
  // Creates the code's row or locks it (PostgreSQL): claims of one code run one at a time.
  static void lock_code(Tx& tx, const std::string& code, std::int64_t now_us);
  static std::vector<TraceUseRow> standing(Tx& tx, const std::string& code);
  static void insert(Tx& tx, const TraceUseRow& row);
  // Every use of the code, oldest first, with the institution's name.
  static std::vector<TraceUseRow> history(Tx& tx, const std::string& code);

  // The unsettled uses on details of the visit that now stand cancelled (2205, 2302).
  static long long release_cancelled_fees(Tx& tx, std::int64_t visit_id, const std::string& kind, const std::string& by,
                                          std::int64_t now_us);
  // Every unsettled use of the visit (2202, 2404, 2601 of a registration).
  static long long release_visit(Tx& tx, std::int64_t visit_id, const std::string& kind, const std::string& by,
                                 std::int64_t now_us);
  // The settlement's uses: its details' codes take its setl_id when it commits.
  static void settle(Tx& tx, std::int64_t visit_id, const std::string& setl_id);
  static long long release_settlement(Tx& tx, const std::string& setl_id, const std::string& kind, const std::string& by,
                                      std::int64_t now_us);
  // The uses a reversal released, to stand again when 2601 undoes that reversal.
  static std::vector<TraceUseRow> released_by(Tx& tx, const std::string& by, const std::string& setl_id);
  static void unrelease(Tx& tx, std::int64_t use_id);
  // 3506: this institution's standing 3505 use of the code.
  static long long release_upload(Tx& tx, const std::string& institution_code, const std::string& code,
                                  const std::string& by, std::int64_t now_us);
};

}  // namespace yibao::store
