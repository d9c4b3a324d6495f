#pragma once
// Region policies (with history) and agency staff accounts.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct PolicyRow {
  std::string admdvs;
  std::string name;
  std::string knobs;  // JSON object: only the knobs this region changes
  int version = 0;
  std::int64_t updated_at_us = 0;
  std::string updated_by;
};

// One saved version of a region's policy: what was stored, by whom, when and why.
struct PolicyHistoryRow {
  int version = 0;
  std::string knobs;
  std::int64_t changed_at_us = 0;
  std::string changed_by;
  std::string note;
};

struct StaffRow {
  std::int64_t id = 0;
  std::string username;
  std::string name;
  std::string password_hash;
  std::string admdvs;  // the region this staff member serves
};

class AdminRepo {
 public:
  static std::optional<PolicyRow> policy(Tx& tx, const std::string& admdvs);
  // The most specific row among a region, its city and its province (one lookup instead of
  // three): within one lineage the codes sort region ≥ city ≥ province, so the greatest wins.
  // Through the reference cache (reference_cache.h): every settlement call asks for it; a
  // change saved here is seen at once, one saved by another process within kReferenceTtl.
  static std::optional<PolicyRow> most_specific_policy(Tx& tx, const std::string& region, const std::string& city,
                                                       const std::string& province);
  static std::vector<PolicyRow> policies(Tx& tx);
  // Writes a new version and its history line.
  static void save_policy(Tx& tx, const PolicyRow& row, const std::string& note);
  // Newest first.
  static std::vector<PolicyHistoryRow> policy_history(Tx& tx, const std::string& admdvs, int limit);

  static std::int64_t insert_staff(Tx& tx, const StaffRow& row, std::int64_t now_us);
  static std::optional<StaffRow> staff_by_username(Tx& tx, const std::string& username);
  static std::optional<StaffRow> staff_by_id(Tx& tx, std::int64_t id);

 private:
  static std::optional<PolicyRow> most_specific_policy_uncached(Tx& tx, const std::string& region,
                                                                const std::string& city, const std::string& province);
};

}  // namespace yibao::store
