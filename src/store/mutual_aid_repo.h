#pragma once
// Mutual-aid filings, authorisations and their event history.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct AuthorisationRow {
  std::int64_t id = 0;
  std::int64_t authoriser_person_id = 0;
  std::int64_t beneficiary_person_id = 0;
  std::string relation;
  std::string status;          // active | revoked | dissolved
  std::string effective_from;  // yyyy-MM-dd
  std::int64_t created_at_us = 0;
  std::optional<std::int64_t> ended_at_us;
  std::optional<std::string> end_reason;
};

struct AidEventRow {
  std::int64_t authorisation_id = 0;
  std::string event;   // created | revoked | dissolved
  std::string reason;
  std::string detail;
  std::int64_t at_us = 0;
};

class MutualAidRepo {
 public:
  static void insert_filing(Tx& tx, std::int64_t authoriser, std::int64_t beneficiary, const std::string& relation,
                            const std::string& via, std::int64_t now_us);
  static bool has_filing(Tx& tx, std::int64_t authoriser, std::int64_t beneficiary);

  static std::int64_t insert(Tx& tx, const AuthorisationRow& row);
  static std::optional<AuthorisationRow> find(Tx& tx, std::int64_t id);
  // Ends an active authorisation; false if it was not active any more.
  static bool end(Tx& tx, std::int64_t id, const std::string& status, const std::string& reason, std::int64_t now_us);
  // Every authorisation where the person is authoriser or beneficiary (all statuses), newest first.
  static std::vector<AuthorisationRow> involving(Tx& tx, std::int64_t person_id);
  // Active ones paying for this beneficiary, oldest first (filing order).
  static std::vector<AuthorisationRow> active_for_beneficiary(Tx& tx, std::int64_t beneficiary);

  static void add_event(Tx& tx, const AidEventRow& row);
  static std::vector<AidEventRow> events(Tx& tx, std::int64_t authorisation_id);
};

}  // namespace yibao::store
