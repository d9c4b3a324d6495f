// The SMS gateway: the simulator's documented behaviour (docs/providers/sms.md) and SmsHttpClient
// against an in-test gateway.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/reasons.h"
#include "json_test_server.h"
#include "providers/sms_http_client.h"
#include "providers/sms_simulator.h"

namespace yibao::providers {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono;
using core::Reason;
using testing::CannedReply;
using testing::JsonTestServer;
using testing::RecordedRequest;

const core::TimePoint kNow = sys_days{year{2024} / March / 1} + 4h + 5min + 6s + 789ms;
constexpr const char* kPhone = "13800138000";
constexpr const char* kText = "【医保】您的验证码为 482913，5 分钟内有效。";
constexpr const char* kKey = "sms-key-0123";

SmsMessage message(std::string phone = kPhone) { return {std::move(phone), "VERIFY_CODE", kText}; }

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SmsMessageValidation, NamesTheMissingField) {
  EXPECT_TRUE(validate_message(message()).ok());
  EXPECT_EQ(validate_message({"", "T", "x"}).error().field, "phone");
  EXPECT_EQ(validate_message({kPhone, "", "x"}).error().field, "template_code");
  EXPECT_EQ(validate_message({kPhone, "T", ""}).error().field, "text");
  EXPECT_EQ(validate_message({kPhone, "T", ""}).reason(), Reason::FIELD_MISSING);
}

TEST(SmsReasons, OnlyUnavailableIsRetryable) {
  EXPECT_EQ(core::info(Reason::SMS_PROVIDER_UNAVAILABLE).http_status, 503);
  EXPECT_EQ(core::info(Reason::SMS_REJECTED).http_status, 422);
  EXPECT_TRUE(sms_retryable(core::Error{Reason::SMS_PROVIDER_UNAVAILABLE}));
  EXPECT_FALSE(sms_retryable(core::Error{Reason::SMS_REJECTED}));
  EXPECT_FALSE(sms_retryable(core::Error{Reason::FIELD_MISSING}));
}

// --- the simulator ---

class SmsSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir = fs::temp_directory_path() / ("yibao-sms-test-" + std::to_string(random()) + std::to_string(random()));
    log = dir / "nested" / "deeper" / "sms.jsonl";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  fs::path dir, log;
  core::FakeClock clock{kNow};
};

TEST_F(SmsSimulatorTest, AppendsOneJsonLinePerMessageAndCreatesTheDirectories) {
  SmsSimulator sim(clock, log);
  EXPECT_TRUE(fs::is_directory(log.parent_path()));
  EXPECT_EQ(sim.log_path(), log);
  ASSERT_TRUE(sim.send(message()).ok());
  clock.advance(1s);
  ASSERT_TRUE(sim.send({"19912345678", "FAMILY_BOUND", "您已被添加为家庭成员"}).ok());

  const auto lines = lines_of(log);
  ASSERT_EQ(lines.size(), 2u);
  const auto first = json::parse(lines[0]).as_object();
  EXPECT_EQ(first.size(), 4u);
  EXPECT_EQ(first.at("ts").as_string(), "2024-03-01T04:05:06.789Z");
  EXPECT_EQ(first.at("phone").as_string(), kPhone);
  EXPECT_EQ(first.at("template_code").as_string(), "VERIFY_CODE");
  EXPECT_EQ(first.at("text").as_string(), kText);
  const auto second = json::parse(lines[1]).as_object();
  EXPECT_EQ(second.at("ts").as_string(), "2024-03-01T04:05:07.789Z");
  EXPECT_EQ(second.at("phone").as_string(), "19912345678");
  EXPECT_EQ(second.at("template_code").as_string(), "FAMILY_BOUND");

  // The log may hold verification codes: only its owner can read it.
  const auto perms = fs::status(log).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(SmsSimulatorTest, AppendsToAnExistingLog) {
  {
    SmsSimulator sim(clock, log);
    ASSERT_TRUE(sim.send(message()).ok());
  }
  SmsSimulator again(clock, log);
  ASSERT_TRUE(again.send(message()).ok());
  EXPECT_EQ(lines_of(log).size(), 2u);
}

TEST_F(SmsSimulatorTest, NumbersStartingWith170AreRejectedAndNotLogged) {
  SmsSimulator sim(clock, log);
  auto status = sim.send(message("17012345678"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.reason(), Reason::SMS_REJECTED);
  EXPECT_FALSE(sms_retryable(status.error()));
  EXPECT_EQ(status.error().detail.find("17012345678"), std::string::npos);
  for (const char* bad : {"1380013800", "138001380000", "23800138000", "1380013800a", "+8613800138000"}) {
    EXPECT_EQ(sim.send(message(bad)).reason(), Reason::SMS_REJECTED) << bad;
  }
  EXPECT_TRUE(lines_of(log).empty());
  EXPECT_TRUE(sim.send(message("17112345678")).ok());
  EXPECT_EQ(lines_of(log).size(), 1u);
}

TEST_F(SmsSimulatorTest, FailNextSimulatesAnOutageForRetries) {
  SmsSimulator sim(clock, log);
  sim.fail_next(2);
  // Invalid messages are refused before the outage and do not use it up.
  EXPECT_EQ(sim.send({kPhone, "", kText}).reason(), Reason::FIELD_MISSING);
  for (int i = 0; i < 2; ++i) {
    auto status = sim.send(message());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.reason(), Reason::SMS_PROVIDER_UNAVAILABLE);
    EXPECT_TRUE(sms_retryable(status.error()));
    EXPECT_EQ(status.error().detail.find(kText), std::string::npos);
  }
  EXPECT_TRUE(lines_of(log).empty());
  EXPECT_TRUE(sim.send(message()).ok());
  EXPECT_EQ(lines_of(log).size(), 1u);

  sim.fail_next(5);
  sim.fail_next(0);  // ends the outage
  EXPECT_TRUE(sim.send(message()).ok());
  // The outage comes before the gateway looks at the number.
  sim.fail_next(1);
  EXPECT_EQ(sim.send(message("17012345678")).reason(), Reason::SMS_PROVIDER_UNAVAILABLE);
  EXPECT_EQ(sim.send(message("17012345678")).reason(), Reason::SMS_REJECTED);
}

TEST_F(SmsSimulatorTest, ConcurrentSendsWriteWholeLines) {
  SmsSimulator sim(clock, log);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(sim.send({"1380013" + std::to_string(8000 + t * 100 + i), "T", std::string(200, 'x')}).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = lines_of(log);
  ASSERT_EQ(lines.size(), 200u);
  std::set<std::string> phones;
  for (const auto& line : lines) phones.insert(std::string(json::parse(line).at("phone").as_string()));
  EXPECT_EQ(phones.size(), 200u);
}

// --- the HTTP client ---

class SmsHttpClientTest : public ::testing::Test {
 protected:
  JsonTestServer server{[](const RecordedRequest& r) -> CannedReply {
    if (r.method == "POST" && r.target == "/v1/messages") return {202, R"({"message_id":"m-1"})"};
    return {404, "{}"};
  }};

  SmsHttpClient client(milliseconds read_timeout = 2000ms) {
    SmsHttpConfig config;
    config.host = "127.0.0.1";
    config.port = server.port();
    config.api_key = kKey;
    config.connect_timeout = 1000ms;
    config.read_timeout = read_timeout;
    return SmsHttpClient(config);
  }

  void reply(unsigned status, std::string body = "{}") {
    server.set_handler([status, body](const RecordedRequest&) { return CannedReply{status, body}; });
  }

  static void expect_no_personal_data(const core::Error& error) {
    EXPECT_FALSE(error.detail.empty());
    for (const char* secret : {kPhone, kText, "482913", kKey}) {
      EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
    }
  }
};

TEST_F(SmsHttpClientTest, SendsTheContract) {
  ASSERT_TRUE(client().send(message()).ok());
  const auto got = server.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/v1/messages");
  EXPECT_EQ(got[0].api_key, kKey);
  EXPECT_EQ(got[0].app_id, "");  // not configured, not sent
  EXPECT_NE(got[0].content_type.find("application/json"), std::string::npos);
  const auto body = json::parse(got[0].body).as_object();
  EXPECT_EQ(body.size(), 3u);
  EXPECT_EQ(body.at("phone").as_string(), kPhone);
  EXPECT_EQ(body.at("template_code").as_string(), "VERIFY_CODE");
  EXPECT_EQ(body.at("text").as_string(), kText);
}

TEST_F(SmsHttpClientTest, TwoHundredAndTwoHundredTwoAreAccepted) {
  reply(200, "");
  EXPECT_TRUE(client().send(message()).ok());
  reply(202, "not even json");
  EXPECT_TRUE(client().send(message()).ok());
}

TEST_F(SmsHttpClientTest, ClientErrorsAreRejectedPermanently) {
  for (unsigned status : {400u, 404u, 422u}) {
    reply(status, R"({"error":"bad number 13800138000"})");
    auto sent = client().send(message());
    ASSERT_FALSE(sent.ok()) << status;
    EXPECT_EQ(sent.reason(), Reason::SMS_REJECTED) << status;
    EXPECT_FALSE(sms_retryable(sent.error()));
    expect_no_personal_data(sent.error());
  }
}

TEST_F(SmsHttpClientTest, ServerErrorsCredentialsAndRateLimitsAreRetryable) {
  for (unsigned status : {500u, 502u, 503u, 401u, 403u, 408u, 429u, 302u}) {
    reply(status, R"({"error":"13800138000"})");
    auto sent = client().send(message());
    ASSERT_FALSE(sent.ok()) << status;
    EXPECT_EQ(sent.reason(), Reason::SMS_PROVIDER_UNAVAILABLE) << status;
    EXPECT_TRUE(sms_retryable(sent.error()));
    expect_no_personal_data(sent.error());
  }
}

TEST_F(SmsHttpClientTest, AnInvalidMessageIsNeverSent) {
  EXPECT_EQ(client().send({kPhone, "VERIFY_CODE", ""}).reason(), Reason::FIELD_MISSING);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(SmsHttpClientTest, AGatewayThatNeverAnswersTimesOut) {
  server.set_silent(true);
  const auto before = steady_clock::now();
  auto sent = client(300ms).send(message());
  const auto elapsed = steady_clock::now() - before;
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.reason(), Reason::SMS_PROVIDER_UNAVAILABLE);
  expect_no_personal_data(sent.error());
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);
}

TEST(SmsHttpClientNoServer, RefusedConnectionIsRetryable) {
  SmsHttpConfig config;
  config.host = "127.0.0.1";
  config.port = JsonTestServer::closed_port();
  config.api_key = kKey;
  SmsHttpClient c(config);
  auto sent = c.send(message());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.reason(), Reason::SMS_PROVIDER_UNAVAILABLE);
  EXPECT_NE(sent.error().detail.find("短信服务"), std::string::npos);
}

}  // namespace
}  // namespace yibao::providers
