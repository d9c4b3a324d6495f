// Graceful shutdown of the HTTP server (src/http/server.h), in process: a request in flight when
// shutdown begins is answered in full — a settlement half-way through must not be cut off —
// no new connection is accepted meanwhile, an idle keep-alive connection does not hold the
// server up, and run() returns once the last answer is out.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio.hpp>

#include "http/server.h"
#include "support/server_process.h"

namespace yibao::testing {
namespace {

using namespace std::chrono_literals;

class ServerShutdown : public ::testing::Test {
 protected:
  ServerShutdown() : static_files_(YIBAO_TEST_TMP_DIR) {
    router_.get("/slow", [this](http::Request&) {
      entered_.set_value();
      release_.get_future().wait();  // until the test lets it finish
      return http::Response::text(200, "done");
    });
    router_.get("/quick", [](http::Request&) { return http::Response::text(200, "quick"); });
  }

  // Starts the server on a free port, serving on a thread of its own; run()'s end is `stopped_`.
  unsigned short start(std::chrono::seconds grace) {
    http::ServerOptions options;
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 2;
    options.shutdown_grace = grace;
    options.access_log = false;
    options.handle_signals = false;
    server_ = std::make_unique<http::Server>(options, router_, static_files_, metrics_);
    const auto port = server_->start();
    stopped_ = std::async(std::launch::async, [this] { server_->run(); });
    return port;
  }

  ~ServerShutdown() override {
    if (server_ && stopped_.valid()) {
      server_->request_stop();
      stopped_.wait();
    }
  }

  http::Router router_;
  http::StaticFiles static_files_;
  http::Metrics metrics_;
  std::promise<void> entered_;
  std::promise<void> release_;
  std::unique_ptr<http::Server> server_;
  std::future<void> stopped_;
};

TEST_F(ServerShutdown, ARequestInFlightIsAnsweredInFullAndNoNewConnectionIsTaken) {
  const auto port = start(10s);
  auto answer = std::async(std::launch::async, [port] { return http_get(port, "/slow"); });
  ASSERT_EQ(entered_.get_future().wait_for(10s), std::future_status::ready);

  server_->request_stop();
  // The listening socket closes at once: a new client is refused while the old one is served.
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    try {
      http_get(port, "/quick");
      std::this_thread::sleep_for(10ms);
    } catch (const std::exception&) {
      refused = true;
    }
  }
  EXPECT_TRUE(refused) << "the server still accepted connections after shutdown began";
  EXPECT_EQ(stopped_.wait_for(200ms), std::future_status::timeout) << "run() returned with a request in flight";

  release_.set_value();
  ASSERT_EQ(answer.wait_for(10s), std::future_status::ready);
  const auto response = answer.get();
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "done");
  EXPECT_EQ(response.header("connection"), "close");
  EXPECT_EQ(stopped_.wait_for(10s), std::future_status::ready);
}

TEST_F(ServerShutdown, AnIdleKeepAliveConnectionDoesNotHoldTheServerUp) {
  const auto port = start(30s);
  // A client that asked once and keeps its connection open, as browsers and HIS clients do.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket idle(ioc);
  idle.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  const std::string request = "GET /quick HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  boost::asio::write(idle, boost::asio::buffer(request));
  std::string received(4096, '\0');
  const auto n = idle.read_some(boost::asio::buffer(received));
  EXPECT_NE(received.substr(0, n).find("200 OK"), std::string::npos);

  const auto began = std::chrono::steady_clock::now();
  server_->request_stop();
  // Well inside the 30 s grace period: the idle connection is closed, not waited for.
  ASSERT_EQ(stopped_.wait_for(10s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - began, 10s);
  boost::system::error_code ec;
  idle.read_some(boost::asio::buffer(received), ec);
  EXPECT_TRUE(ec) << "the idle connection was left open";
}

}  // namespace
}  // namespace yibao::testing
