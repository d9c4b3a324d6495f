// domain.md §3–§5: who may activate and use an e-credential; every blocker is listed.
#include <gtest/gtest.h>

#include "domain/credential_rules.h"
#include "domain/policy.h"

#include <boost/json.hpp>

namespace yibao::domain {
namespace {

CredentialFacts healthy() {
  CredentialFacts f;
  f.person_found = true;
  f.state = CredentialState::active;
  f.has_active_enrolment = true;
  return f;
}

TEST(CredentialRules, AHealthyCredentialIsUsable) { EXPECT_TRUE(check_credential(healthy(), CredentialUse::use).ok()); }

TEST(CredentialRules, EachRuleHasItsOwnReason) {
  auto f = healthy();
  f.person_found = false;
  EXPECT_EQ(check_credential(f, CredentialUse::activate).reason(), core::Reason::PERSON_UNKNOWN);
  f = healthy();
  f.records_with_same_id = 2;
  EXPECT_EQ(check_credential(f, CredentialUse::activate).reason(), core::Reason::PERSON_DUPLICATED);
  f = healthy();
  f.state = CredentialState::frozen;
  EXPECT_EQ(check_credential(f, CredentialUse::use).reason(), core::Reason::CREDENTIAL_FROZEN);
  f.state = CredentialState::revoked;
  EXPECT_EQ(check_credential(f, CredentialUse::use).reason(), core::Reason::CREDENTIAL_REVOKED);
  f = healthy();
  f.has_active_enrolment = false;
  EXPECT_EQ(check_credential(f, CredentialUse::activate).reason(), core::Reason::ENROLMENT_MISSING);
  f = healthy();
  f.state = CredentialState::inactive;
  EXPECT_TRUE(check_credential(f, CredentialUse::activate).ok());
  EXPECT_EQ(check_credential(f, CredentialUse::use).reason(), core::Reason::CREDENTIAL_INACTIVE);
}

TEST(CredentialRules, EveryBlockingRuleIsListedNotJustTheFirst) {
  auto f = healthy();
  f.records_with_same_id = 2;
  f.state = CredentialState::frozen;
  f.has_active_enrolment = false;
  const auto blockers = credential_blockers(f, CredentialUse::use);
  ASSERT_EQ(blockers.size(), 3u);
  EXPECT_EQ(blockers[0].reason, core::Reason::PERSON_DUPLICATED);
  EXPECT_EQ(blockers[1].reason, core::Reason::CREDENTIAL_FROZEN);
  EXPECT_EQ(blockers[2].reason, core::Reason::ENROLMENT_MISSING);
}

TEST(CredentialRules, ChannelsAreTheFourKnownOnes) {
  for (const char* c : {"app", "wechat", "alipay", "bank"}) EXPECT_TRUE(parse_channel(c).has_value()) << c;
  EXPECT_FALSE(parse_channel("sms").has_value());
}

TEST(RegionPolicy, DefaultsAreTheNationalOnes) {
  const auto p = parse_policy({});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->pin_max_failures, 5);
  EXPECT_EQ(p->pin_lock_minutes, 60);
  EXPECT_EQ(p->qr_ttl_seconds, 60);
  EXPECT_EQ(p->resident_waiting_days, 90);
  EXPECT_EQ(p->member_face_age, 16);
  EXPECT_EQ(p->monthly_binding_limit, 5);
  EXPECT_EQ(p->mutual_aid_source, MutualAidSource::prior_years);
  EXPECT_EQ(p->mutual_aid_order, MutualAidOrder::balance_desc);
  EXPECT_EQ(p->mutual_aid_scope, MutualAidScope::same_pool);
}

TEST(RegionPolicy, OverridesApplyAndBadKnobsAreRefusedByName) {
  auto p = parse_policy(boost::json::parse(R"({"pin_max_failures": 3, "family_use_scope": "same_pool"})").as_object());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->pin_max_failures, 3);
  EXPECT_EQ(p->family_use_scope, UseScope::same_pool);
  auto unknown = parse_policy(boost::json::parse(R"({"pin_max_failurez": 3})").as_object());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "pin_max_failurez");
  auto range = parse_policy(boost::json::parse(R"({"qr_ttl_seconds": 5})").as_object());
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().field, "qr_ttl_seconds");
  auto relation = parse_policy(boost::json::parse(R"({"mutual_aid_relations": ["neighbour"]})").as_object());
  EXPECT_FALSE(relation.ok());
  // Round trip through the console's JSON view.
  auto round = parse_policy(policy_to_json(*p));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->family_use_scope, UseScope::same_pool);
}

}  // namespace
}  // namespace yibao::domain
