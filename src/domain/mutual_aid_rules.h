#pragma once
// 家庭共济 (domain.md §8): who may authorise whom, when it takes effect, and when an
// authorisation dissolves by itself. Pure functions over facts the service gathers.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/policy.h"

namespace yibao::domain {

// The relations domain.md §7 knows (the family account's list; mutual aid allows a subset).
const std::vector<std::string>& known_relations();
std::string_view relation_label(std::string_view relation);

struct AidParty {
  bool found = false;
  bool insured = false;            // an active enrolment on the day
  bool waiting = false;            // that enrolment is still in its waiting period
  bool employee = false;           // an active 310 enrolment (only the authoriser needs one)
  std::string admdvs;              // authoriser: the 310 enrolment's region; beneficiary: the current one
};

bool in_scope(MutualAidScope scope, const std::string& authoriser_admdvs, const std::string& beneficiary_admdvs);

struct AuthorisationFacts {
  AidParty authoriser;
  AidParty beneficiary;
  std::string relation;
  bool same_person = false;
  bool filed = false;              // a 备案 is on record
  bool already_active = false;     // an active authorisation for the same pair exists
};

// Every rule that blocks the authorisation, in checking order (empty: allowed).
std::vector<core::Error> authorisation_blockers(const AuthorisationFacts& facts, const RegionPolicy& policy);

struct PaymentFacts {
  bool authorised = false;                          // an active authorisation authoriser -> beneficiary
  std::chrono::year_month_day effective_from{};
  std::chrono::year_month_day today{};
  std::optional<std::chrono::year_month_day> admission_date;  // an inpatient stay being paid
  AidParty authoriser;
  AidParty beneficiary;
  std::int64_t available_fen = 0;                   // what the source knob lets the authoriser give
};

// "Can X's account pay for Y here now?" — every rule that blocks it, in checking order.
std::vector<core::Error> payment_blockers(const PaymentFacts& facts, const RegionPolicy& policy);

// Authorised today: usable from this date (`mutual_aid_waiting_days`).
std::chrono::year_month_day effective_from(std::chrono::year_month_day today, const RegionPolicy& policy);

// Why an active authorisation must dissolve now, or nullopt. Reasons:
// authoriser_not_employee (职工医保终止/暂停), authoriser_waiting, beneficiary_not_insured,
// beneficiary_waiting, out_of_scope (a region change left the permitted scope).
std::optional<std::string> dissolution_reason(const AidParty& authoriser, const AidParty& beneficiary,
                                              const RegionPolicy& policy);

std::string_view dissolution_label(std::string_view reason);

}  // namespace yibao::domain
