#pragma once
// Region policy (domain.md: every rule marked **knob**). A region's row in the store holds only
// the knobs it changes, as a JSON object; everything else keeps the national default below.
// Parsing is strict — an unknown knob or a value of the wrong type or range is refused with
// the knob's name — because a typo in policy would silently change who gets paid.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "domain/settlement_policy.h"

namespace yibao::domain {

enum class UseScope { any, same_pool, same_province };
enum class MutualAidScope { same_pool, same_province, national };
enum class MutualAidSource { prior_years, all };
enum class MutualAidOrder { balance_desc, filing_order };
enum class OwnAccountOrder { current_first, prior_first };

struct RegionPolicy {
  // §4 enrolment
  int resident_waiting_days = 90;
  // §5 credential password
  int pin_max_failures = 5;
  int pin_lock_minutes = 60;
  // §6 the dynamic code
  int qr_ttl_seconds = 60;
  // §7 family account
  int member_face_age = 16;
  int max_active_members = 5;
  int monthly_binding_limit = 5;
  int max_holders_per_member = 1;
  UseScope family_use_scope = UseScope::any;
  // §8 personal account (职工 only): monthly credit (划入) in fen, and which balance pays first
  int account_credit_in_service_fen = 15000;  // 在职
  int account_credit_retired_fen = 10000;     // 退休
  OwnAccountOrder own_account_order = OwnAccountOrder::current_first;
  int resident_contribution_fen = 40000;  // 城乡居民 yearly contribution per person
  // §8 mutual aid
  std::vector<std::string> mutual_aid_relations = {"spouse", "parent", "child"};
  MutualAidScope mutual_aid_scope = MutualAidScope::same_pool;
  bool mutual_aid_filing = false;
  int mutual_aid_waiting_days = 0;
  MutualAidSource mutual_aid_source = MutualAidSource::prior_years;
  MutualAidOrder mutual_aid_order = MutualAidOrder::balance_desc;
  // §8 医保钱包 (issue 16; the 2025 pilot's national rules): transfers a wallet may send a day,
  // the most one may carry, and the quiet hours (Beijing minutes of the day) when none is sent;
  // an unaccepted transfer returns when the quiet hours end on the next day.
  int wallet_daily_transfers = 3;
  int wallet_transfer_max_fen = 200000;
  int wallet_quiet_from_minute = 22 * 60;
  int wallet_quiet_until_minute = 6 * 60;
  // §9 treatment away from the insured place
  bool intra_province_filing = false;
  // §9 settlement knobs per insutype (knobs "settlement_310" / "settlement_390": objects with
  // any of the SettlementPolicy fields; the rest keep the defaults)
  SettlementPolicy settlement_employee = employee_settlement_defaults();
  SettlementPolicy settlement_resident = resident_settlement_defaults();
};

// The settlement knobs of `insutype` ("310" / "390"); FIELD_INVALID for any other.
core::Result<SettlementPolicy> settlement_policy_for(const RegionPolicy& policy, std::string_view insutype);

// The defaults with `overrides` applied. FIELD_INVALID names the knob on any problem.
core::Result<RegionPolicy> parse_policy(const boost::json::object& overrides);

// Every knob with its effective value (for the console and the diagnose pages).
boost::json::object policy_to_json(const RegionPolicy& policy);

// The names of all knobs, in display order.
const std::vector<std::string>& knob_names();

}  // namespace yibao::domain
