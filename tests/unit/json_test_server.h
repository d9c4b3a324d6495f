#pragma once
// A tiny HTTP/1.1 server for provider-client unit tests (header-only: unit_tests does not link
// yibao_test_support). It listens on 127.0.0.1, port 0, runs on its own thread, records every
// request, and answers each with what the test's handler returns. In silent mode it reads a
// request and then never answers (for timeout tests).

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
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

namespace yibao::testing {

struct RecordedRequest {
  std::string method, target, api_key, app_id, content_type, body;
};

struct CannedReply {
  unsigned status = 200;
  std::string body;
};

class JsonTestServer {
 public:
  using Handler = std::function<CannedReply(const RecordedRequest&)>;

  explicit JsonTestServer(Handler handler)
      : handler_(std::move(handler)),
        acceptor_(ioc_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    boost::asio::co_spawn(ioc_, accept_loop(), boost::asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~JsonTestServer() {
    ioc_.stop();
    thread_.join();
  }
  JsonTestServer(const JsonTestServer&) = delete;
  JsonTestServer& operator=(const JsonTestServer&) = delete;

  unsigned short port() const { return port_; }
  void set_silent(bool silent) { silent_ = silent; }
  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  std::vector<RecordedRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // A port where nothing listens (bound, then closed again).
  static unsigned short closed_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor probe(ioc,
                                         boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port();
  }

 private:
  static constexpr auto kToken = boost::asio::as_tuple(boost::asio::use_awaitable);

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kToken);
      if (ec) co_return;
      boost::asio::co_spawn(ioc_, session(std::move(socket)), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket socket) {
    namespace bhttp = boost::beast::http;
    boost::beast::tcp_stream stream(std::move(socket));
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    auto [read_ec, read_n] = co_await bhttp::async_read(stream, buffer, request, kToken);
    (void)read_n;
    if (read_ec) co_return;
    RecordedRequest recorded{std::string(request.method_string()), std::string(request.target()),
                             std::string(request["X-Api-Key"]),     std::string(request["X-App-Id"]),
                             std::string(request[bhttp::field::content_type]), request.body()};
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(recorded);
      handler = handler_;
    }
    if (silent_) {  // holds the connection open and never answers
      boost::asio::steady_timer never(ioc_);
      never.expires_after(std::chrono::hours{1});
      co_await never.async_wait(kToken);
      co_return;
    }
    const CannedReply canned = handler(recorded);
    bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(canned.status), 11};
    response.set(bhttp::field::content_type, "application/json");
    response.keep_alive(false);
    response.body() = canned.body;
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, kToken);
    boost::beast::error_code ignored;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  }

  Handler handler_;  // guarded by mutex_
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> silent_{false};
  std::mutex mutex_;
  std::vector<RecordedRequest> requests_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace yibao::testing
