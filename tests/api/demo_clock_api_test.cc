// issue 19 §3: the settable clock of demo deployments. Off by default (moving it is refused and
// changes nothing), refused at start on a store that is not a demo store, and under
// --demo-clock moved forward only by staff — every rule then runs on the moved time (here: a
// session's lifetime), the apps learn it from GET /api/v1/platform/clock, and a restart keeps it.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

class DemoClockApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(store::Backend::sqlite);
    data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
    ASSERT_TRUE(seed_demo_world(database_->url(), data_dir_));
  }
  static void TearDownTestSuite() { delete database_; }

  static std::vector<std::string> args(bool demo_clock) {
    auto a = demo_server_args(data_dir_);
    if (demo_clock) a.push_back("--demo-clock");
    return a;
  }
  static HttpResponse send(ServerProcess& server, const std::string& method, const std::string& target,
                           const std::string& body = "", const std::string& token = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
    return http_call(server.port(), r);
  }
  static std::string staff_token(ServerProcess& server) {
    auto a = send(server, "POST", "/api/agency/v1/sessions", R"({"username":"bj_agent","password":"Agent2026demo"})");
    EXPECT_EQ(a.status, 201u) << a.body;
    return a.status == 201u ? std::string(json::parse(a.body).at("token").as_string()) : "";
  }
  static json::object clock(ServerProcess& server) {
    auto a = send(server, "GET", "/api/v1/platform/clock");
    EXPECT_EQ(a.status, 200u) << a.body;
    return json::parse(a.body).as_object();
  }
  static std::string code_of(const HttpResponse& a) {
    return std::string(json::parse(a.body).at("error").at("code").as_string());
  }

  static inline ScratchDatabase* database_ = nullptr;
  static inline std::string data_dir_;
};

TEST_F(DemoClockApi, WithoutTheFlagTheClockIsRealAndMovingItIsRefused) {
  ServerProcess server(database_->url(), args(false));
  const auto c = clock(server);
  EXPECT_FALSE(c.at("demo_clock").as_bool());
  EXPECT_FALSE(c.at("moved").as_bool());
  EXPECT_EQ(c.at("today").as_string(), core::format_date(core::shanghai_date(std::chrono::system_clock::now())));
  const auto token = staff_token(server);
  auto refused = send(server, "POST", "/api/agency/v1/demo/clock", R"({"advance_days":30})", token);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(code_of(refused), "DEMO_CLOCK_DISABLED");
  EXPECT_NE(refused.body.find("--demo-clock"), std::string::npos) << refused.body;
  EXPECT_FALSE(clock(server).at("moved").as_bool());
}

TEST_F(DemoClockApi, AStoreThatIsNotADemoStoreRefusesTheFlagAtStart) {
  ScratchDatabase plain(store::Backend::sqlite);
  ASSERT_EQ(run_yibao({"migrate", "--store", plain.url()}).exit_code, 0);
  const auto started = run_yibao({"serve", "--store", plain.url(), "--port", "0", "--demo-clock", "--data-dir",
                                  std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("plain")});
  EXPECT_EQ(started.exit_code, 2) << started.output;
  EXPECT_NE(started.output.find("DEMO_CLOCK_NOT_DEMO_STORE"), std::string::npos) << started.output;
}

TEST_F(DemoClockApi, StaffMoveItForwardOnlyEveryRuleFollowsAndARestartKeepsIt) {
  {
    ServerProcess server(database_->url(), args(true));
    const auto before = clock(server);
    EXPECT_TRUE(before.at("demo_clock").as_bool());
    const auto token = staff_token(server);
    // Not without a staff session, not two moves at once, not zero days, not backwards.
    EXPECT_EQ(send(server, "POST", "/api/agency/v1/demo/clock", R"({"advance_days":1})").status, 401u);
    EXPECT_EQ(code_of(send(server, "POST", "/api/agency/v1/demo/clock", R"({"advance_days":1,"advance_seconds":5})", token)),
              "FIELD_INVALID");
    EXPECT_EQ(code_of(send(server, "POST", "/api/agency/v1/demo/clock", R"({"advance_days":0})", token)), "FIELD_INVALID");
    EXPECT_EQ(code_of(send(server, "POST", "/api/agency/v1/demo/clock", R"({"set":"2026/01/01"})", token)), "FIELD_INVALID");
    auto back = send(server, "POST", "/api/agency/v1/demo/clock", R"({"set":"2020-01-01 08:00:00"})", token);
    EXPECT_EQ(back.status, 409u);
    EXPECT_EQ(code_of(back), "DEMO_CLOCK_BACKWARDS");
    EXPECT_FALSE(clock(server).at("moved").as_bool());

    auto moved = send(server, "POST", "/api/agency/v1/demo/clock", R"({"advance_days":2})", token);
    ASSERT_EQ(moved.status, 200u) << moved.body;
    const auto after = json::parse(moved.body).as_object();
    EXPECT_TRUE(after.at("moved").as_bool());
    EXPECT_GE(after.at("offset_seconds").as_int64(), 2 * 86400);
    EXPECT_GT(std::string(after.at("today").as_string()), std::string(before.at("today").as_string()));
    // Sessions live by the platform clock too: two days later the staff session has ended.
    auto stale = send(server, "GET", "/api/agency/v1/me", "", token);
    EXPECT_EQ(stale.status, 401u) << stale.body;
    EXPECT_EQ(code_of(stale), "SESSION_EXPIRED");
    server.stop();
  }
  // A restart with --demo-clock resumes the demo's date; without it the platform is on real time.
  {
    ServerProcess server(database_->url(), args(true));
    EXPECT_GE(clock(server).at("offset_seconds").as_int64(), 2 * 86400);
  }
  {
    ServerProcess server(database_->url(), args(false));
    EXPECT_FALSE(clock(server).at("moved").as_bool());
  }
}

}  // namespace
}  // namespace yibao::testing
