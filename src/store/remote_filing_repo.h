#pragma once
// 异地就医备案 (domain.md §9): who may settle in another province, where and when.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct RemoteFilingRow {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string filing_type;  // long_term_residence | temporary | referral
  std::string dest_admdvs;
  std::string valid_from;  // YYYY-MM-DD
  std::string valid_to;    // YYYY-MM-DD, inclusive
  std::string status = "active";  // active | cancelled
  std::string recorded_by_kind;   // person | staff
  std::string recorded_by;        // person id or staff username
  std::int64_t created_at_us = 0;
  std::optional<std::int64_t> cancelled_at_us;
};

class RemoteFilingRepo {
 public:
  static std::int64_t insert(Tx& tx, const RemoteFilingRow& row);
  // Newest first; `active_only` leaves out cancelled ones.
  static std::vector<RemoteFilingRow> of_person(Tx& tx, std::int64_t person_id, bool active_only);
  static std::optional<RemoteFilingRow> find(Tx& tx, std::int64_t id);
  // active → cancelled; false when it was not active.
  static bool cancel(Tx& tx, std::int64_t id, std::int64_t now_us);
};

}  // namespace yibao::store
