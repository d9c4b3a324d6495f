// Settlement knobs live in the region policy (knobs settlement_310 / settlement_390): partial
// objects keep the other defaults, bad values are refused with the knob's name, and the whole
// policy round-trips through its JSON.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/policy.h"

namespace yibao::domain {
namespace {

namespace json = boost::json;

TEST(SettlementKnobs, DefaultsApplyWithoutConfiguration) {
  RegionPolicy p;
  auto employee = settlement_policy_for(p, "310");
  ASSERT_TRUE(employee.ok());
  EXPECT_EQ(employee->outpatient_deductible_fen[2], 20000);
  EXPECT_EQ(settlement_policy_for(p, "390")->fund_ratio_bp[0], 7000);
  EXPECT_EQ(settlement_policy_for(p, "320").reason(), core::Reason::FIELD_INVALID);
}

TEST(SettlementKnobs, APartialObjectChangesOnlyWhatItNames) {
  auto p = parse_policy(json::parse(R"({"settlement_310":{"outpatient_deductible_fen":[0,0,1000],"annual_cap_fen":100}})").as_object());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->settlement_employee.outpatient_deductible_fen[2], 1000);
  EXPECT_EQ(p->settlement_employee.annual_cap_fen, 100);
  EXPECT_EQ(p->settlement_employee.fund_ratio_bp[2], 8000);
  EXPECT_EQ(p->settlement_resident.outpatient_deductible_fen[2], 10000);
}

TEST(SettlementKnobs, BadValuesAreRefusedWithTheKnobsName) {
  for (const char* bad : {R"({"settlement_310":{"fund_ratio_bp":[9000,9000,10001]}})",
                          R"({"settlement_310":{"fund_ratio_bp":[9000,9000]}})",
                          R"({"settlement_390":{"annual_cap_fen":-1}})", R"({"settlement_390":{"colour":1}})",
                          R"({"settlement_390":5})"}) {
    auto p = parse_policy(json::parse(bad).as_object());
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.reason(), core::Reason::FIELD_INVALID) << bad;
    EXPECT_EQ(p.error().field.substr(0, 11), "settlement_") << bad;
  }
}

TEST(SettlementKnobs, RoundTripThroughJson) {
  auto p = parse_policy(json::parse(R"({"settlement_390":{"pre_self_pay_bp":1500,"inpatient_deductible_fen":[1,2,3]}})").as_object());
  ASSERT_TRUE(p.ok());
  auto round = parse_policy(policy_to_json(*p));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->settlement_resident.pre_self_pay_bp, 1500);
  EXPECT_EQ(round->settlement_resident.inpatient_deductible_fen[1], 2);
}

}  // namespace
}  // namespace yibao::domain
