// The birth-certificate (出生医学证明) provider: number validation, the simulator's documented
// behaviour (docs/providers/birth-certificate.md) and BirthCertificateHttpClient against an
// in-test provider.

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "json_test_server.h"
#include "providers/birth_certificate_http_client.h"
#include "providers/birth_certificate_simulator.h"

namespace yibao::providers {
namespace {

using namespace std::chrono;
using core::Reason;
using testing::CannedReply;
using testing::JsonTestServer;
using testing::RecordedRequest;

constexpr const char* kMotherId = "11010519900307005X";
constexpr const char* kCertNo = "Q440300123";
constexpr const char* kKey = "birth-key-0123";

BirthCertificate certificate() {
  return {kCertNo, "王小宝", "", "1", "2024-02-20", "广东省深圳市", "王芳", kMotherId, "李强"};
}

BirthCertificateQuery query(std::string certificate_no = kCertNo, std::string mother_name = "王芳",
                            std::string mother_id_number = kMotherId) {
  return {std::move(mother_name), std::move(mother_id_number), std::move(certificate_no)};
}

// --- numbers and queries ---

TEST(BirthCertificateNumber, OneLetterAndNineDigits) {
  EXPECT_EQ(normalize_certificate_no("Q440300123"), "Q440300123");
  EXPECT_EQ(normalize_certificate_no("q440300123"), "Q440300123");
  for (const char* bad : {"", "Q44030012", "Q4403001234", "4440300123", "QQ40300123", "Q44030012X", "Q 440300123",
                          "Ｑ440300123", "Q44030012３"}) {
    EXPECT_FALSE(normalize_certificate_no(bad).has_value()) << bad;
  }
}

TEST(BirthCertificateQueryValidation, NamesTheField) {
  EXPECT_TRUE(validate_query(query()).ok());
  auto status = validate_query(query(kCertNo, ""));
  EXPECT_EQ(status.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(status.error().field, "mother_name");
  status = validate_query(query(kCertNo, "王芳", ""));
  EXPECT_EQ(status.error().field, "mother_id_number");
  status = validate_query(query(""));
  EXPECT_EQ(status.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(status.error().field, "certificate_no");
  status = validate_query(query("Q4403001"));
  EXPECT_EQ(status.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(status.error().field, "certificate_no");
}

TEST(BirthCertificateReasons, Statuses) {
  EXPECT_EQ(core::info(Reason::BIRTH_CERTIFICATE_NOT_FOUND).http_status, 404);
  EXPECT_EQ(core::info(Reason::BIRTH_CERTIFICATE_MOTHER_MISMATCH).http_status, 409);
  EXPECT_EQ(core::info(Reason::BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE).http_status, 503);
}

// --- the simulator ---

class BirthCertificateSimulatorTest : public ::testing::Test {
 protected:
  BirthCertificateSimulator sim;
  void SetUp() override { sim.add(certificate()); }
};

TEST_F(BirthCertificateSimulatorTest, FindsARegisteredNewborn) {
  auto found = sim.lookup(query());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->certificate_no, kCertNo);
  EXPECT_EQ(found->baby_name, "王小宝");
  EXPECT_EQ(found->baby_id_number, "");
  EXPECT_EQ(found->baby_gend, "1");
  EXPECT_EQ(found->birth_date, "2024-02-20");
  EXPECT_EQ(found->birth_place, "广东省深圳市");
  EXPECT_EQ(found->mother_name, "王芳");
  EXPECT_EQ(found->mother_id_number, kMotherId);
  EXPECT_EQ(found->father_name, "李强");
}

TEST_F(BirthCertificateSimulatorTest, LetterAndCheckCharacterAreCaseInsensitive) {
  auto found = sim.lookup(query("q440300123", "王芳", "11010519900307005x"));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->certificate_no, kCertNo);
}

TEST_F(BirthCertificateSimulatorTest, UnknownNumberIsNotFound) {
  EXPECT_EQ(sim.lookup(query("Q440300124")).reason(), Reason::BIRTH_CERTIFICATE_NOT_FOUND);
}

TEST_F(BirthCertificateSimulatorTest, AnotherMotherIsAMismatchThatRevealsNothing) {
  for (const auto& q : {query(kCertNo, "王芳芳"), query(kCertNo, "王芳", "110105199003070033")}) {
    auto result = sim.lookup(q);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.reason(), Reason::BIRTH_CERTIFICATE_MOTHER_MISMATCH);
    EXPECT_EQ(result.error().detail.find("王芳"), std::string::npos);
    EXPECT_EQ(result.error().detail.find(kMotherId), std::string::npos);
    EXPECT_EQ(result.error().detail.find("王小宝"), std::string::npos);
  }
}

TEST_F(BirthCertificateSimulatorTest, MalformedNumberIsFieldInvalid) {
  auto result = sim.lookup(query("Q44030012"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(result.error().field, "certificate_no");
  EXPECT_EQ(sim.lookup(query(kCertNo, "")).reason(), Reason::FIELD_MISSING);
}

TEST_F(BirthCertificateSimulatorTest, AddReplacesAndRefusesUnreachableNumbers) {
  auto baby = certificate();
  baby.certificate_no = "q440300123";  // stored upper-case
  baby.baby_id_number = "440304202402200013";
  sim.add(baby);
  auto found = sim.lookup(query());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->certificate_no, kCertNo);
  EXPECT_EQ(found->baby_id_number, "440304202402200013");

  baby.certificate_no = "123";
  EXPECT_THROW(sim.add(baby), std::invalid_argument);
}

TEST_F(BirthCertificateSimulatorTest, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        auto baby = certificate();
        baby.certificate_no = "A" + std::to_string(100000000 + t * 1000 + i);
        sim.add(baby);
        if (sim.lookup(query(baby.certificate_no)).ok()) ++found;
        if (sim.lookup(query()).ok()) ++found;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(found.load(), 800);
}

// --- the HTTP client ---

std::string certificate_json(const std::string& mother_id = kMotherId, const std::string& gend = "\"2\"",
                             const std::string& birth_date = "2024-02-20", const std::string& number = kCertNo) {
  return R"({"certificate_no":")" + number +
         R"(","baby_name":"王小宝","baby_id_number":null,"baby_gend":)" + gend + R"(,"birth_date":")" +
         birth_date + R"(","birth_place":"广东省深圳市","mother_name":"王芳","mother_id_number":")" + mother_id +
         R"(","father_name":"李强"})";
}

class BirthCertificateHttpClientTest : public ::testing::Test {
 protected:
  JsonTestServer server{[](const RecordedRequest& r) -> CannedReply {
    const std::string base = "/api/v1/birth-certificates/";
    if (r.method != "GET" || r.target.rfind(base, 0) != 0) return {404, "{}"};
    const auto number = r.target.substr(base.size(), 10);
    if (number == "Q440300123") return {200, certificate_json()};
    if (number == "Q000000409") return {409, R"({"error":"mother mismatch"})"};
    return {404, R"({"error":"not found"})"};
  }};

  BirthCertificateHttpClient client(milliseconds read_timeout = 2000ms) {
    BirthCertificateHttpConfig config;
    config.host = "127.0.0.1";
    config.port = server.port();
    config.path_prefix = "/api";
    config.app_id = "yibao-test";
    config.api_key = kKey;
    config.connect_timeout = 1000ms;
    config.read_timeout = read_timeout;
    return BirthCertificateHttpClient(config);
  }

  void reply(unsigned status, std::string body) {
    server.set_handler([status, body](const RecordedRequest&) { return CannedReply{status, body}; });
  }

  static void expect_unavailable_without_personal_data(const core::Error& error) {
    EXPECT_EQ(error.reason, Reason::BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE);
    EXPECT_FALSE(error.detail.empty());
    for (const std::string secret : {kMotherId, "王芳", kCertNo, "王小宝", kKey, "110105199003070033"}) {
      EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
    }
  }
};

TEST_F(BirthCertificateHttpClientTest, SendsTheContractAndReadsTheCertificate) {
  auto found = client().lookup(query("q440300123", "王芳 A&B", "11010519900307005x"));
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->certificate_no, kCertNo);
  EXPECT_EQ(found->baby_name, "王小宝");
  EXPECT_EQ(found->baby_id_number, "");  // null before 落户
  EXPECT_EQ(found->baby_gend, "2");
  EXPECT_EQ(found->birth_date, "2024-02-20");
  EXPECT_EQ(found->birth_place, "广东省深圳市");
  EXPECT_EQ(found->mother_name, "王芳");
  EXPECT_EQ(found->mother_id_number, kMotherId);
  EXPECT_EQ(found->father_name, "李强");

  const auto got = server.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "GET");
  // 王 = E7 8E 8B, 芳 = E8 8A B3; the space, '&' and the lower-case x as typed.
  EXPECT_EQ(got[0].target,
            "/api/v1/birth-certificates/Q440300123?mother_id_number=11010519900307005x"
            "&mother_name=%E7%8E%8B%E8%8A%B3%20A%26B");
  EXPECT_EQ(got[0].api_key, kKey);
  EXPECT_EQ(got[0].app_id, "yibao-test");
}

TEST_F(BirthCertificateHttpClientTest, NotFoundAndMotherMismatchKeepTheirReasons) {
  EXPECT_EQ(client().lookup(query("Q440300999")).reason(), Reason::BIRTH_CERTIFICATE_NOT_FOUND);
  EXPECT_EQ(client().lookup(query("Q000000409")).reason(), Reason::BIRTH_CERTIFICATE_MOTHER_MISMATCH);
}

TEST_F(BirthCertificateHttpClientTest, AnInvalidQueryIsNeverSent) {
  auto result = client().lookup(query("../admin?x"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(result.error().field, "certificate_no");
  EXPECT_EQ(client().lookup(query(kCertNo, "王芳", "")).reason(), Reason::FIELD_MISSING);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(BirthCertificateHttpClientTest, OtherStatusesAreProviderUnavailable) {
  for (unsigned status : {201u, 400u, 401u, 500u, 503u}) {
    reply(status, certificate_json());
    auto result = client().lookup(query());
    ASSERT_FALSE(result.ok()) << status;
    expect_unavailable_without_personal_data(result.error());
  }
}

TEST_F(BirthCertificateHttpClientTest, OffContractRepliesAreProviderUnavailable) {
  const std::vector<std::string> bodies{
      certificate_json("110105199003070033"),                    // another mother
      certificate_json(kMotherId, "\"3\""),                      // unknown gender code
      certificate_json(kMotherId, "1"),                          // not a string
      certificate_json(kMotherId, "\"1\"", "2024-02-30"),        // not a date
      certificate_json(kMotherId, "\"1\"", "20240220"),          // not yyyy-MM-dd
      certificate_json(kMotherId, "\"1\"", "2024-02-20", "Q440300124"),  // another certificate
      R"({"baby_name":"王小宝"})",
      R"({"certificate_no":)",
      R"([1,2])",
  };
  for (const auto& body : bodies) {
    reply(200, body);
    auto result = client().lookup(query());
    ASSERT_FALSE(result.ok()) << body;
    expect_unavailable_without_personal_data(result.error());
  }
}

TEST_F(BirthCertificateHttpClientTest, AServerThatNeverAnswersTimesOut) {
  server.set_silent(true);
  const auto before = steady_clock::now();
  auto result = client(300ms).lookup(query());
  const auto elapsed = steady_clock::now() - before;
  ASSERT_FALSE(result.ok());
  expect_unavailable_without_personal_data(result.error());
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);
}

TEST(BirthCertificateHttpClientNoServer, RefusedConnectionIsProviderUnavailable) {
  BirthCertificateHttpConfig config;
  config.host = "127.0.0.1";
  config.port = JsonTestServer::closed_port();
  config.api_key = kKey;
  BirthCertificateHttpClient c(config);
  auto result = c.lookup(query());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE);
  EXPECT_EQ(result.error().detail.find(kMotherId), std::string::npos);
}

}  // namespace
}  // namespace yibao::providers
