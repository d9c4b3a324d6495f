#pragma once
// Contribution records (缴费记录); the money itself moves in the ledger.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct ContributionRow {
  std::int64_t id = 0;
  std::string receipt_no;
  std::int64_t insured_person_id = 0;
  std::int64_t payer_person_id = 0;
  std::string insutype;
  std::string admdvs;
  std::string year;
  std::int64_t amount = 0;
  std::string paid_from;  // mutual_aid_account | own_account | cash
  std::int64_t transfer_id = 0;
  std::int64_t paid_at_us = 0;
};

struct ContributionFilter {
  std::string admdvs;   // "" = any (参保地)
  std::string insutype; // "" = any (险种)
  std::string year;     // "" = any (年度)
};

class ContributionRepo {
 public:
  static std::int64_t insert(Tx& tx, const ContributionRow& row);
  static bool exists(Tx& tx, std::int64_t insured, const std::string& insutype, const std::string& year);
  static std::optional<ContributionRow> by_receipt(Tx& tx, const std::string& receipt_no);
  // Records where the person paid or was insured, newest first.
  static std::vector<ContributionRow> involving(Tx& tx, std::int64_t person_id, const ContributionFilter& filter);
};

}  // namespace yibao::store
