// The real binary over real HTTP: operational routes, static files, the JSON error shape for
// everything that is not a route, limits, keep-alive and graceful shutdown.
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(store::Backend::sqlite);
    auto migrated = run_yibao({"migrate", "--store", database_->url()});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
    web_root_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("web");
    std::filesystem::create_directories(web_root_ + "/assets");
    std::ofstream(web_root_ + "/index.html") << "<!doctype html><title>医保</title>";
    std::ofstream(web_root_ + "/assets/app-3f9a.js") << "console.log('hi')";
    std::ofstream(web_root_ + "/logo.svg") << "<svg xmlns='http://www.w3.org/2000/svg'/>";
    server_ = new ServerProcess(database_->url(), {"--web-root", web_root_, "--set", "server.body_limit_bytes=4096"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }
  static unsigned short port() { return server_->port(); }

  static void expect_error_shape(const HttpResponse& r, unsigned status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
    const auto body = json::parse(r.body).as_object();
    const auto& error = body.at("error").as_object();
    EXPECT_EQ(error.at("code").as_string(), code);
    EXPECT_FALSE(error.at("message").as_string().empty());
    EXPECT_FALSE(error.at("remedy").as_string().empty());
    EXPECT_EQ(error.at("request_id").as_string(), r.header("x-request-id"));
  }

  static inline ScratchDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string web_root_;
};

TEST_F(ServerTest, HealthzSaysAlive) {
  const auto r = http_get(port(), "/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(json::parse(r.body).at("status").as_string(), "ok");
  EXPECT_EQ(r.header("x-request-id").size(), 16u);
}

TEST_F(ServerTest, ReadyzChecksTheStore) {
  const auto r = http_get(port(), "/readyz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(json::parse(r.body).at("store").as_string(), "sqlite");
}

TEST_F(ServerTest, MetricsExposeRequestCountsLatencyAndPoolFigures) {
  http_get(port(), "/healthz");
  http_get(port(), "/no/such/page");
  // A request is counted just after its response is written: poll briefly for it to show.
  HttpResponse r;
  for (int i = 0; i < 50; ++i) {
    r = http_get(port(), "/metrics");
    if (r.body.find("status=\"404\"") != std::string::npos && r.body.find("route=\"/healthz\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(r.status, 200u);
  EXPECT_NE(r.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("yibao_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("yibao_http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\",status=\"200\",le=\"0.005\"}"),
            std::string::npos);
  // Unknown paths are counted under one label: a raw path (maybe with an ID in it) never becomes a series.
  EXPECT_NE(r.body.find("route=\"unmatched\",method=\"GET\",status=\"404\""), std::string::npos);
  EXPECT_EQ(r.body.find("/no/such/page"), std::string::npos);
  EXPECT_NE(r.body.find("yibao_store_pool_size "), std::string::npos);
  EXPECT_NE(r.body.find("yibao_store_pool_in_use "), std::string::npos);
}

TEST_F(ServerTest, UnknownPathGetsTheJsonErrorShape) {
  expect_error_shape(http_get(port(), "/api/v1/nothing-here"), 404, "NOT_FOUND");
}

TEST_F(ServerTest, WrongMethodGets405WithAllow) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/healthz";
  req.body = "{}";
  const auto r = http_call(port(), req);
  expect_error_shape(r, 405, "METHOD_NOT_ALLOWED");
  EXPECT_EQ(r.header("allow"), "GET");
}

TEST_F(ServerTest, OversizedBodyGets413) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/api/v1/anything";
  req.body = std::string(8192, 'x');
  expect_error_shape(http_call(port(), req), 413, "BODY_TOO_LARGE");
}

TEST_F(ServerTest, MalformedRequestGetsAJsonErrorAndTheServerStaysUp) {
  const std::string answer = raw_exchange(port(), "GARBAGE\x01 / HTTP/1.1\r\n\r\n");
  EXPECT_NE(answer.find("400"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"code\":\"BAD_REQUEST_SYNTAX\""), std::string::npos) << answer;
  EXPECT_EQ(http_get(port(), "/healthz").status, 200u);
}

TEST_F(ServerTest, HugeHeadersGet431) {
  HttpRequest req;
  req.target = "/healthz";
  req.headers["X-Filler"] = std::string(32 * 1024, 'a');
  std::string raw = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(32 * 1024, 'a') + "\r\n\r\n";
  const std::string answer = raw_exchange(port(), raw);
  EXPECT_NE(answer.find("431"), std::string::npos) << answer.substr(0, 200);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::vector<HttpRequest> requests(3);
  requests[0].target = "/healthz";
  requests[1].target = "/readyz";
  requests[2].target = "/healthz";
  const auto responses = http_pipeline(port(), requests);
  ASSERT_EQ(responses.size(), 3u);
  for (const auto& r : responses) EXPECT_EQ(r.status, 200u);
}

TEST_F(ServerTest, ClientRequestIdIsEchoedWhenPlain) {
  HttpRequest req;
  req.target = "/healthz";
  req.headers["X-Request-Id"] = "his-0001";
  EXPECT_EQ(http_call(port(), req).header("x-request-id"), "his-0001");
  req.headers["X-Request-Id"] = "bad id with spaces";
  EXPECT_NE(http_call(port(), req).header("x-request-id"), "bad id with spaces");
}

TEST_F(ServerTest, StaticIndexIsRevalidatedEveryTime) {
  const auto r = http_get(port(), "/");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_NE(r.body.find("医保"), std::string::npos);
}

TEST_F(ServerTest, HashedAssetsAreCachedForAYear) {
  const auto r = http_get(port(), "/assets/app-3f9a.js");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(http_get(port(), "/logo.svg").header("content-type"), "image/svg+xml");
}

TEST_F(ServerTest, ETagRevalidationAnswers304) {
  const auto first = http_get(port(), "/logo.svg");
  ASSERT_FALSE(first.header("etag").empty());
  HttpRequest req;
  req.target = "/logo.svg";
  req.headers["If-None-Match"] = first.header("etag");
  const auto second = http_call(port(), req);
  EXPECT_EQ(second.status, 304u);
  EXPECT_TRUE(second.body.empty());
}

TEST_F(ServerTest, HeadAnswersHeadersWithoutBody) {
  HttpRequest req;
  req.method = "HEAD";
  req.target = "/logo.svg";
  const auto r = http_call(port(), req);
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), std::to_string(std::string("<svg xmlns='http://www.w3.org/2000/svg'/>").size()));
}

TEST_F(ServerTest, PathsThatClimbOutOfTheWebRootAreNotFound) {
  expect_error_shape(http_get(port(), "/../../etc/passwd"), 404, "NOT_FOUND");
  expect_error_shape(http_get(port(), "/%2e%2e/%2e%2e/etc/passwd"), 404, "NOT_FOUND");
  expect_error_shape(http_get(port(), "/assets/..%2f..%2fetc/passwd"), 404, "NOT_FOUND");
}

TEST_F(ServerTest, LogLinesAreJsonWithRequestIds) {
  HttpRequest req;
  req.target = "/healthz";
  req.headers["X-Request-Id"] = "trace-me-42";
  http_call(port(), req);
  // The access line is written just after the response, so give it a moment to appear.
  std::string output;
  for (int i = 0; i < 100 && output.find("trace-me-42") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    output = server_->output();
  }
  const auto at = output.find("trace-me-42");
  ASSERT_NE(at, std::string::npos) << output;
  const auto line_start = output.rfind('\n', at) + 1;
  const auto line_end = output.find('\n', at);
  const auto line = json::parse(output.substr(line_start, line_end - line_start)).as_object();
  EXPECT_EQ(line.at("msg").as_string(), "request");
  EXPECT_EQ(line.at("route").as_string(), "/healthz");
  EXPECT_EQ(line.at("status").as_int64(), 200);
}

}  // namespace
}  // namespace yibao::testing
