// FaceHttpClient against a tiny provider that runs inside the test (127.0.0.1, port 0, its own
// thread) and implements docs/providers/face.md with canned data.

#include "providers/face_http_client.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/reasons.h"

namespace yibao::providers {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using core::Reason;
using namespace std::chrono;

constexpr const char* kId = "11010519491231002X";
constexpr const char* kKey = "test-key-0123";
constexpr auto kTokenOk = asio::as_tuple(asio::use_awaitable);

struct Recorded {
  std::string method, target, api_key, app_id, content_type, body;
};

class FakeProvider {
 public:
  enum class Mode { normal, error500, garbage, silent, bad_ticket };

  FakeProvider() : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~FakeProvider() {
    ioc_.stop();
    thread_.join();
  }
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  unsigned short port() const { return port_; }
  void set_mode(Mode mode) { mode_ = mode; }
  std::vector<Recorded> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTokenOk);
      if (ec) co_return;
      asio::co_spawn(ioc_, session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    auto [read_ec, read_n] = co_await bhttp::async_read(stream, buffer, request, kTokenOk);
    (void)read_n;
    if (read_ec) co_return;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back({std::string(request.method_string()), std::string(request.target()),
                           std::string(request["X-Api-Key"]), std::string(request["X-App-Id"]),
                           std::string(request[bhttp::field::content_type]), request.body()});
    }
    if (mode_ == Mode::silent) {  // holds the connection open and never answers
      asio::steady_timer never(ioc_);
      never.expires_after(1h);
      co_await never.async_wait(kTokenOk);
      co_return;
    }
    auto response = respond(request);
    co_await bhttp::async_write(stream, response, kTokenOk);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  bhttp::response<bhttp::string_body> respond(const bhttp::request<bhttp::string_body>& request) {
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, 11};
    response.set(bhttp::field::content_type, "application/json");
    response.keep_alive(false);
    const std::string target(request.target());
    const std::string checks = "/prefix/v1/face-checks";
    if (mode_ == Mode::error500) {
      response.result(bhttp::status::internal_server_error);
      response.body() = R"({"error":"boom"})";
    } else if (mode_ == Mode::garbage) {
      response.body() = R"({"ticket": "abc", "verify_url": )";
    } else if (request.method() == bhttp::verb::post && target == checks) {
      response.body() = mode_ == Mode::bad_ticket
                            ? R"({"ticket":"../admin","verify_url":"https://face.example/v","expires_at":"2024-03-01T04:05:06.789Z"})"
                            : R"({"ticket":"tk-new_1","verify_url":"https://face.example/v/tk-new_1","expires_at":"2024-03-01T04:05:06.789Z"})";
    } else if (request.method() == bhttp::verb::get && target == checks + "/tk-passed") {
      response.body() = std::string(R"({"status":"passed","failure":null,"id_number":")") + kId + R"(","name":"张三"})";
    } else if (request.method() == bhttp::verb::get && target == checks + "/tk-pending") {
      response.body() = std::string(R"({"status":"pending","failure":null,"id_number":")") + kId + R"(","name":"张三"})";
    } else if (request.method() == bhttp::verb::get && target == checks + "/tk-mismatch") {
      response.body() = std::string(R"({"status":"failed","failure":"mismatch","id_number":")") + kId + R"(","name":"张三"})";
    } else if (request.method() == bhttp::verb::get && target == checks + "/tk-expired") {
      response.body() = std::string(R"({"status":"failed","failure":"expired","id_number":")") + kId + R"(","name":"张三"})";
    } else if (request.method() == bhttp::verb::get && target == checks + "/tk-weird") {
      response.body() = R"({"status":"failed","failure":"sunburn","id_number":"x","name":"y"})";
    } else {
      response.result(bhttp::status::not_found);
      response.body() = R"({"error":"not found"})";
    }
    response.prepare_payload();
    return response;
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<Mode> mode_{Mode::normal};
  std::mutex mutex_;
  std::vector<Recorded> requests_;  // guarded by mutex_
  std::thread thread_;
};

class FaceHttpClientTest : public ::testing::Test {
 protected:
  FakeProvider server;

  FaceHttpClient client(milliseconds read_timeout = 2000ms) {
    FaceHttpConfig config;
    config.host = "127.0.0.1";
    config.port = server.port();
    config.path_prefix = "/prefix/";
    config.app_id = "yibao-test";
    config.api_key = kKey;
    config.connect_timeout = 1000ms;
    config.read_timeout = read_timeout;
    return FaceHttpClient(config);
  }

  static FaceCheckRequest request() { return {kId, "张三", FacePurpose::pin_reset, "wechat"}; }

  static void expect_unavailable_without_personal_data(const core::Error& error) {
    EXPECT_EQ(error.reason, Reason::FACE_PROVIDER_UNAVAILABLE);
    EXPECT_FALSE(error.detail.empty());
    EXPECT_EQ(error.detail.find(kId), std::string::npos) << error.detail;
    EXPECT_EQ(error.detail.find("张三"), std::string::npos) << error.detail;
    EXPECT_EQ(error.detail.find(kKey), std::string::npos) << error.detail;
  }
};

TEST_F(FaceHttpClientTest, StartSendsTheContractAndParsesTheTicket) {
  auto ticket = client().start(request());
  ASSERT_TRUE(ticket.ok()) << ticket.error().detail;
  EXPECT_EQ(ticket->ticket, "tk-new_1");
  EXPECT_EQ(ticket->verify_url, "https://face.example/v/tk-new_1");
  EXPECT_EQ(ticket->expires_at, sys_days{year{2024} / March / 1} + 4h + 5min + 6s + 789ms);

  const auto got = server.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/prefix/v1/face-checks");
  EXPECT_EQ(got[0].api_key, kKey);
  EXPECT_EQ(got[0].app_id, "yibao-test");
  EXPECT_NE(got[0].content_type.find("application/json"), std::string::npos);
  const auto body = boost::json::parse(got[0].body).as_object();
  EXPECT_EQ(body.at("id_number").as_string(), kId);
  EXPECT_EQ(body.at("name").as_string(), "张三");
  EXPECT_EQ(body.at("purpose").as_string(), "pin_reset");
  EXPECT_EQ(body.at("channel").as_string(), "wechat");
}

TEST_F(FaceHttpClientTest, ResultRoundTripsEveryStatus) {
  auto c = client();
  auto passed = c.result("tk-passed");
  ASSERT_TRUE(passed.ok()) << passed.error().detail;
  EXPECT_EQ(passed->outcome, FaceOutcome::passed);
  EXPECT_EQ(passed->failure, FaceFailure::none);
  EXPECT_EQ(passed->id_number, kId);
  EXPECT_EQ(passed->name, "张三");
  EXPECT_TRUE(require_passed(*passed, kId).ok());
  EXPECT_EQ(require_passed(*passed, "110105194912310037").reason(), Reason::FACE_MISMATCH);

  auto pending = c.result("tk-pending");
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->outcome, FaceOutcome::pending);

  auto mismatch = c.result("tk-mismatch");
  ASSERT_TRUE(mismatch.ok());
  EXPECT_EQ(mismatch->outcome, FaceOutcome::failed);
  EXPECT_EQ(mismatch->failure, FaceFailure::mismatch);

  auto expired = c.result("tk-expired");
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->failure, FaceFailure::expired);

  const auto got = server.requests();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].target, "/prefix/v1/face-checks/tk-passed");
  for (const auto& r : got) EXPECT_EQ(r.api_key, kKey);
}

TEST_F(FaceHttpClientTest, NotFoundIsAnUnknownTicket) {
  auto result = client().result("tk-nobody");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.reason(), Reason::FACE_TICKET_UNKNOWN);
}

TEST_F(FaceHttpClientTest, ATicketThatCannotBeInAPathIsUnknownWithoutARequest) {
  EXPECT_EQ(client().result("../admin").reason(), Reason::FACE_TICKET_UNKNOWN);
  EXPECT_EQ(client().result("").reason(), Reason::FACE_TICKET_UNKNOWN);
  EXPECT_EQ(client().result("a?b=c").reason(), Reason::FACE_TICKET_UNKNOWN);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(FaceHttpClientTest, ServerErrorIsProviderUnavailable) {
  server.set_mode(FakeProvider::Mode::error500);
  auto started = client().start(request());
  ASSERT_FALSE(started.ok());
  expect_unavailable_without_personal_data(started.error());
  auto result = client().result("tk-passed");
  ASSERT_FALSE(result.ok());
  expect_unavailable_without_personal_data(result.error());
}

TEST_F(FaceHttpClientTest, MalformedJsonIsProviderUnavailable) {
  server.set_mode(FakeProvider::Mode::garbage);
  auto started = client().start(request());
  ASSERT_FALSE(started.ok());
  expect_unavailable_without_personal_data(started.error());
  auto result = client().result("tk-passed");
  ASSERT_FALSE(result.ok());
  expect_unavailable_without_personal_data(result.error());
}

TEST_F(FaceHttpClientTest, OffContractFieldsAreProviderUnavailable) {
  auto weird = client().result("tk-weird");
  ASSERT_FALSE(weird.ok());
  expect_unavailable_without_personal_data(weird.error());
  server.set_mode(FakeProvider::Mode::bad_ticket);
  auto started = client().start(request());
  ASSERT_FALSE(started.ok());
  expect_unavailable_without_personal_data(started.error());
}

TEST_F(FaceHttpClientTest, AServerThatNeverAnswersTimesOut) {
  server.set_mode(FakeProvider::Mode::silent);
  auto c = client(300ms);
  const auto before = steady_clock::now();
  auto started = c.start(request());
  const auto elapsed = steady_clock::now() - before;
  ASSERT_FALSE(started.ok());
  expect_unavailable_without_personal_data(started.error());
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);

  auto result = c.result("tk-passed");
  ASSERT_FALSE(result.ok());
  expect_unavailable_without_personal_data(result.error());
}

TEST(FaceHttpClientNoServer, RefusedConnectionIsProviderUnavailable) {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  FaceHttpConfig config;
  config.host = "127.0.0.1";
  config.port = port;
  config.api_key = kKey;
  FaceHttpClient c(config);
  auto started = c.start({kId, "张三", FacePurpose::activation, "app"});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.reason(), Reason::FACE_PROVIDER_UNAVAILABLE);
  EXPECT_EQ(started.error().detail.find(kId), std::string::npos);
}

}  // namespace
}  // namespace yibao::providers
