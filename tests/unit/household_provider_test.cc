// The household-register (户口簿) provider: relation names, the verdict gate, the simulator's
// documented rules (docs/providers/household.md) and HouseholdHttpClient against an in-test
// provider.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/id_number.h"
#include "core/reasons.h"
#include "json_test_server.h"
#include "providers/household_http_client.h"
#include "providers/household_simulator.h"

namespace yibao::providers {
namespace {

using namespace std::chrono;
using core::Reason;
using testing::CannedReply;
using testing::JsonTestServer;
using testing::RecordedRequest;

const core::TimePoint kNow = sys_days{year{2024} / March / 1} + 2h;
const std::string kHash1(64, 'a');
const std::string kHash2 = std::string(32, '0') + std::string(32, 'F');
constexpr const char* kKey = "household-key-0123";

// A valid ID number born on `birth` ("yyyyMMdd"), area 110105.
std::string id_born(const std::string& birth, const std::string& sequence = "123") {
  const std::string first17 = "110105" + birth + sequence;
  return first17 + core::id_check_char(first17);
}

HouseholdCheckRequest request(Relation relation, std::string holder_birth = "19800101",
                              std::string member_birth = "19820101", std::string holder_name = "张三",
                              std::string member_name = "李四") {
  return {id_born(holder_birth), std::move(holder_name), id_born(member_birth, "246"), std::move(member_name),
          relation, kHash1, kHash2};
}

// --- names, verdicts, the gate ---

TEST(HouseholdRelation, WireNamesAndLabelsRoundTrip) {
  const std::vector<std::pair<Relation, std::pair<std::string, std::string>>> all{
      {Relation::spouse, {"spouse", "配偶"}},
      {Relation::parent, {"parent", "父母"}},
      {Relation::child, {"child", "子女"}},
      {Relation::grandparent, {"grandparent", "祖父母"}},
      {Relation::maternal_grandparent, {"maternal_grandparent", "外祖父母"}},
      {Relation::grandchild, {"grandchild", "孙子女"}},
      {Relation::maternal_grandchild, {"maternal_grandchild", "外孙子女"}},
      {Relation::sibling, {"sibling", "兄弟姐妹"}}};
  for (const auto& [relation, names] : all) {
    EXPECT_EQ(to_string(relation), names.first);
    EXPECT_EQ(relation_label(relation), names.second);
    EXPECT_EQ(relation_from_string(names.first), relation);
  }
  EXPECT_FALSE(relation_from_string("cousin").has_value());
  EXPECT_FALSE(relation_from_string("Spouse").has_value());
  EXPECT_FALSE(relation_from_string("").has_value());
  EXPECT_FALSE(relation_from_string("配偶").has_value());
}

TEST(HouseholdVerdictNames, RoundTrip) {
  for (auto v : {HouseholdVerdict::confirmed, HouseholdVerdict::not_related, HouseholdVerdict::relation_differs,
                 HouseholdVerdict::record_not_found}) {
    EXPECT_EQ(household_verdict_from_string(to_string(v)), v);
  }
  EXPECT_EQ(to_string(HouseholdVerdict::relation_differs), "relation_differs");
  EXPECT_FALSE(household_verdict_from_string("maybe").has_value());
}

TEST(HouseholdReasons, EachNegativeVerdictHasItsReason) {
  EXPECT_EQ(reason_for(HouseholdVerdict::not_related), Reason::HOUSEHOLD_NOT_RELATED);
  EXPECT_EQ(reason_for(HouseholdVerdict::relation_differs), Reason::HOUSEHOLD_RELATION_DIFFERS);
  EXPECT_EQ(reason_for(HouseholdVerdict::record_not_found), Reason::HOUSEHOLD_RECORD_NOT_FOUND);
  EXPECT_EQ(reason_for(HouseholdVerdict::confirmed), Reason::INTERNAL_ERROR);  // not an error
  EXPECT_EQ(core::info(Reason::HOUSEHOLD_NOT_RELATED).http_status, 409);
  EXPECT_EQ(core::info(Reason::HOUSEHOLD_RELATION_DIFFERS).http_status, 409);
  EXPECT_EQ(core::info(Reason::HOUSEHOLD_RECORD_NOT_FOUND).http_status, 404);
  EXPECT_EQ(core::info(Reason::HOUSEHOLD_PROVIDER_UNAVAILABLE).http_status, 503);
}

TEST(HouseholdReasons, RequireConfirmedIsTheGate) {
  EXPECT_TRUE(require_confirmed({HouseholdVerdict::confirmed, Relation::parent}, Relation::parent).ok());
  EXPECT_TRUE(require_confirmed({HouseholdVerdict::confirmed, std::nullopt}, Relation::parent).ok());
  const auto other = require_confirmed({HouseholdVerdict::confirmed, Relation::sibling}, Relation::parent);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.reason(), Reason::HOUSEHOLD_RELATION_DIFFERS);
  EXPECT_NE(other.error().detail.find("兄弟姐妹"), std::string::npos);
  EXPECT_EQ(require_confirmed({HouseholdVerdict::not_related, std::nullopt}, Relation::parent).reason(),
            Reason::HOUSEHOLD_NOT_RELATED);
  EXPECT_EQ(require_confirmed({HouseholdVerdict::record_not_found, std::nullopt}, Relation::child).reason(),
            Reason::HOUSEHOLD_RECORD_NOT_FOUND);
}

TEST(HouseholdRequest, ValidationNamesTheField) {
  const auto field_of = [](HouseholdCheckRequest r) { return validate_request(r).error().field; };
  auto r = request(Relation::spouse);
  EXPECT_TRUE(validate_request(r).ok());
  auto missing = r;
  missing.holder_id_number.clear();
  EXPECT_EQ(field_of(missing), "holder_id_number");
  missing = r;
  missing.member_name.clear();
  EXPECT_EQ(validate_request(missing).reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(field_of(missing), "member_name");
  missing = r;
  missing.member_page_sha256.clear();
  EXPECT_EQ(field_of(missing), "member_page_sha256");
  auto bad = r;
  bad.holder_page_sha256 = std::string(63, 'a');
  EXPECT_EQ(validate_request(bad).reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(field_of(bad), "holder_page_sha256");
  bad = r;
  bad.member_page_sha256 = std::string(63, 'a') + "g";
  EXPECT_EQ(field_of(bad), "member_page_sha256");
}

// --- the simulator ---

class HouseholdSimulatorTest : public ::testing::Test {
 protected:
  core::FakeClock clock{kNow};
  HouseholdSimulator sim{clock};

  HouseholdCheckResult check(const HouseholdCheckRequest& r) {
    auto result = sim.check(r);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : std::string(core::info(result.reason()).code));
    return result.ok() ? *result : HouseholdCheckResult{};
  }
  HouseholdVerdict verdict(const HouseholdCheckRequest& r) { return check(r).verdict; }
};

TEST_F(HouseholdSimulatorTest, ConfirmsByDefaultWithTheRequestedRelation) {
  const auto result = check(request(Relation::spouse));
  EXPECT_EQ(result.verdict, HouseholdVerdict::confirmed);
  EXPECT_EQ(result.recorded_relation, Relation::spouse);
  EXPECT_EQ(verdict(request(Relation::sibling, "19800101", "19850101")), HouseholdVerdict::confirmed);
}

TEST_F(HouseholdSimulatorTest, MagicNamesDecideOnEitherSide) {
  const auto negative = [&](const std::string& holder, const std::string& member) {
    const auto result = check(request(Relation::spouse, "19800101", "19820101", holder, member));
    EXPECT_FALSE(result.recorded_relation.has_value());
    return result.verdict;
  };
  EXPECT_EQ(negative("张三", "李四非亲属"), HouseholdVerdict::not_related);
  EXPECT_EQ(negative("非亲属张三", "李四"), HouseholdVerdict::not_related);
  EXPECT_EQ(negative("张三", "关系不符李四"), HouseholdVerdict::relation_differs);
  EXPECT_EQ(negative("张三无户籍", "李四"), HouseholdVerdict::record_not_found);
  EXPECT_EQ(negative("张三", "无户籍"), HouseholdVerdict::record_not_found);
  // Order: 无户籍, then 非亲属, then 关系不符.
  EXPECT_EQ(negative("非亲属", "无户籍"), HouseholdVerdict::record_not_found);
  EXPECT_EQ(negative("关系不符", "非亲属"), HouseholdVerdict::not_related);
}

TEST_F(HouseholdSimulatorTest, NobodyIsTheirOwnRelative) {
  auto r = request(Relation::spouse);
  r.member_id_number = r.holder_id_number;
  EXPECT_EQ(verdict(r), HouseholdVerdict::not_related);
}

TEST_F(HouseholdSimulatorTest, ParentMustBeAtLeastFifteenYearsOlder) {
  // Holder born 1990-03-01; a parent born 1975-03-01 is exactly 15 years older.
  EXPECT_EQ(verdict(request(Relation::parent, "19900301", "19750301")), HouseholdVerdict::confirmed);
  EXPECT_EQ(verdict(request(Relation::parent, "19900301", "19750302")), HouseholdVerdict::relation_differs);
  EXPECT_EQ(verdict(request(Relation::parent, "19900301", "19950101")), HouseholdVerdict::relation_differs);
  const auto differs = check(request(Relation::parent, "19900301", "19800101"));
  EXPECT_EQ(differs.verdict, HouseholdVerdict::relation_differs);
  EXPECT_FALSE(differs.recorded_relation.has_value());
}

TEST_F(HouseholdSimulatorTest, ChildMustBeAtLeastFifteenYearsYounger) {
  EXPECT_EQ(verdict(request(Relation::child, "19750301", "19900301")), HouseholdVerdict::confirmed);
  EXPECT_EQ(verdict(request(Relation::child, "19750301", "19900228")), HouseholdVerdict::relation_differs);
  EXPECT_EQ(verdict(request(Relation::child, "19900301", "19750301")), HouseholdVerdict::relation_differs);
}

TEST_F(HouseholdSimulatorTest, GrandparentsThirtyYearsOlderGrandchildrenThirtyYounger) {
  for (auto relation : {Relation::grandparent, Relation::maternal_grandparent}) {
    EXPECT_EQ(verdict(request(relation, "19900301", "19600301")), HouseholdVerdict::confirmed);
    EXPECT_EQ(verdict(request(relation, "19900301", "19600302")), HouseholdVerdict::relation_differs);
    EXPECT_EQ(verdict(request(relation, "19900301", "19700101")), HouseholdVerdict::relation_differs);
  }
  for (auto relation : {Relation::grandchild, Relation::maternal_grandchild}) {
    EXPECT_EQ(verdict(request(relation, "19600301", "19900301")), HouseholdVerdict::confirmed);
    EXPECT_EQ(verdict(request(relation, "19600301", "19900228")), HouseholdVerdict::relation_differs);
    EXPECT_EQ(verdict(request(relation, "19900301", "19600301")), HouseholdVerdict::relation_differs);
  }
}

TEST_F(HouseholdSimulatorTest, SpouseAndSiblingHaveNoAgeRule) {
  EXPECT_EQ(verdict(request(Relation::spouse, "19500101", "19990101")), HouseholdVerdict::confirmed);
  EXPECT_EQ(verdict(request(Relation::sibling, "19990101", "19500101")), HouseholdVerdict::confirmed);
}

TEST_F(HouseholdSimulatorTest, AFeb29BirthdayCountsLikeTheIdNumberAge) {
  // Someone born 2000-02-29 is 14 on 2015-02-28 and 15 on 2015-03-01 (IdNumber::age_on).
  EXPECT_EQ(verdict(request(Relation::child, "20000229", "20150228")), HouseholdVerdict::relation_differs);
  EXPECT_EQ(verdict(request(Relation::parent, "20150228", "20000229")), HouseholdVerdict::relation_differs);
  EXPECT_EQ(verdict(request(Relation::parent, "20150301", "20000229")), HouseholdVerdict::confirmed);
}

TEST_F(HouseholdSimulatorTest, IdNumbersAreCheckedAgainstTheInjectedClock) {
  // A newborn of 2024-03-05 does not exist yet on 2024-03-01.
  auto r = request(Relation::child, "19900101", "20240305");
  auto result = sim.check(r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::ID_NUMBER_BIRTH_DATE);
  EXPECT_EQ(result.error().field, "member_id_number");
  clock.advance(days{10});
  EXPECT_EQ(verdict(r), HouseholdVerdict::confirmed);

  auto bad = request(Relation::spouse);
  bad.holder_id_number.back() = bad.holder_id_number.back() == '0' ? '1' : '0';
  result = sim.check(bad);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::ID_NUMBER_CHECKSUM);
  EXPECT_EQ(result.error().field, "holder_id_number");
}

TEST_F(HouseholdSimulatorTest, RefusesAnInvalidRequest) {
  auto r = request(Relation::spouse);
  r.holder_name.clear();
  auto result = sim.check(r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(result.error().field, "holder_name");
}

TEST_F(HouseholdSimulatorTest, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> confirmed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto result = sim.check(request(Relation::parent, "19900301", "19600301"));
        if (result.ok() && result->verdict == HouseholdVerdict::confirmed) ++confirmed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(confirmed.load(), 400);
}

// --- the HTTP client ---

class HouseholdHttpClientTest : public ::testing::Test {
 protected:
  JsonTestServer server{[](const RecordedRequest& r) -> CannedReply {
    if (r.method != "POST" || r.target != "/gw/v1/household-checks") return {404, R"({"error":"not found"})"};
    return {200, R"({"verdict":"confirmed","recorded_relation":"parent"})"};
  }};

  HouseholdHttpClient client(milliseconds read_timeout = 2000ms) {
    HouseholdHttpConfig config;
    config.host = "127.0.0.1";
    config.port = server.port();
    config.path_prefix = "gw/";
    config.app_id = "yibao-test";
    config.api_key = kKey;
    config.connect_timeout = 1000ms;
    config.read_timeout = read_timeout;
    return HouseholdHttpClient(config);
  }

  void reply(unsigned status, std::string body) {
    server.set_handler([status, body](const RecordedRequest&) { return CannedReply{status, body}; });
  }

  static void expect_unavailable_without_personal_data(const core::Error& error, const HouseholdCheckRequest& r) {
    EXPECT_EQ(error.reason, Reason::HOUSEHOLD_PROVIDER_UNAVAILABLE);
    EXPECT_FALSE(error.detail.empty());
    for (const auto& secret : {r.holder_id_number, r.member_id_number, r.holder_name, r.member_name,
                               r.holder_page_sha256, r.member_page_sha256, std::string(kKey)}) {
      EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
    }
  }
};

TEST_F(HouseholdHttpClientTest, SendsTheContractAndReadsTheVerdict) {
  const auto r = request(Relation::parent, "19900301", "19600301", "张三", "张老三");
  auto result = client().check(r);
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_EQ(result->verdict, HouseholdVerdict::confirmed);
  EXPECT_EQ(result->recorded_relation, Relation::parent);

  const auto got = server.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/gw/v1/household-checks");
  EXPECT_EQ(got[0].api_key, kKey);
  EXPECT_EQ(got[0].app_id, "yibao-test");
  EXPECT_NE(got[0].content_type.find("application/json"), std::string::npos);
  const auto body = boost::json::parse(got[0].body).as_object();
  EXPECT_EQ(body.size(), 7u);
  EXPECT_EQ(body.at("holder_id_number").as_string(), r.holder_id_number);
  EXPECT_EQ(body.at("holder_name").as_string(), "张三");
  EXPECT_EQ(body.at("member_id_number").as_string(), r.member_id_number);
  EXPECT_EQ(body.at("member_name").as_string(), "张老三");
  EXPECT_EQ(body.at("relation").as_string(), "parent");
  EXPECT_EQ(body.at("holder_page_sha256").as_string(), kHash1);
  EXPECT_EQ(body.at("member_page_sha256").as_string(), kHash2);
}

TEST_F(HouseholdHttpClientTest, ReadsEveryVerdict) {
  const auto r = request(Relation::maternal_grandparent);
  reply(200, R"({"verdict":"not_related","recorded_relation":null})");
  auto result = client().check(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->verdict, HouseholdVerdict::not_related);
  EXPECT_FALSE(result->recorded_relation.has_value());

  reply(200, R"({"verdict":"relation_differs","recorded_relation":"grandparent"})");
  result = client().check(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->verdict, HouseholdVerdict::relation_differs);
  EXPECT_EQ(result->recorded_relation, Relation::grandparent);
  EXPECT_EQ(require_confirmed(*result, r.relation).reason(), Reason::HOUSEHOLD_RELATION_DIFFERS);

  reply(200, R"({"verdict":"record_not_found"})");
  result = client().check(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->verdict, HouseholdVerdict::record_not_found);

  reply(200, R"({"verdict":"confirmed","recorded_relation":null})");
  result = client().check(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->verdict, HouseholdVerdict::confirmed);
  EXPECT_TRUE(require_confirmed(*result, r.relation).ok());
}

TEST_F(HouseholdHttpClientTest, OffContractRepliesAreProviderUnavailable) {
  const auto r = request(Relation::parent, "19900301", "19600301");
  for (const char* body : {R"({"verdict":"probably"})", R"({"verdict":null})", R"({"recorded_relation":"parent"})",
                           R"({"verdict":"relation_differs","recorded_relation":"cousin"})",
                           R"({"verdict":"relation_differs","recorded_relation":7})",
                           // A confirmation of another relation must never read as a confirmation.
                           R"({"verdict":"confirmed","recorded_relation":"spouse"})", R"(["confirmed"])",
                           R"({"verdict": "confirmed", )"}) {
    reply(200, body);
    auto result = client().check(r);
    ASSERT_FALSE(result.ok()) << body;
    expect_unavailable_without_personal_data(result.error(), r);
  }
}

TEST_F(HouseholdHttpClientTest, AnyOtherStatusIsProviderUnavailable) {
  const auto r = request(Relation::spouse);
  for (unsigned status : {201u, 400u, 404u, 409u, 500u, 503u}) {
    reply(status, R"({"verdict":"confirmed"})");
    auto result = client().check(r);
    ASSERT_FALSE(result.ok()) << status;
    expect_unavailable_without_personal_data(result.error(), r);
    EXPECT_NE(result.error().detail.find(std::to_string(status)), std::string::npos);
  }
}

TEST_F(HouseholdHttpClientTest, AnInvalidRequestIsNeverSent) {
  auto r = request(Relation::spouse);
  r.member_page_sha256 = "not-a-hash";
  auto result = client().check(r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(result.error().field, "member_page_sha256");
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(HouseholdHttpClientTest, AServerThatNeverAnswersTimesOut) {
  server.set_silent(true);
  const auto r = request(Relation::spouse);
  const auto before = steady_clock::now();
  auto result = client(300ms).check(r);
  const auto elapsed = steady_clock::now() - before;
  ASSERT_FALSE(result.ok());
  expect_unavailable_without_personal_data(result.error(), r);
  EXPECT_NE(result.error().detail.find("超时"), std::string::npos) << result.error().detail;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);
}

TEST(HouseholdHttpClientNoServer, RefusedConnectionIsProviderUnavailable) {
  HouseholdHttpConfig config;
  config.host = "127.0.0.1";
  config.port = JsonTestServer::closed_port();
  config.api_key = kKey;
  HouseholdHttpClient c(config);
  auto result = c.check(request(Relation::spouse));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::HOUSEHOLD_PROVIDER_UNAVAILABLE);
  EXPECT_NE(result.error().detail.find("户籍信息核验服务"), std::string::npos);
}

}  // namespace
}  // namespace yibao::providers
