#include "http/server.h"

#include <atomic>
#include <limits>
#include <csignal>
#include <list>
#include <mutex>
#include <random>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <soci/soci-backend.h>

#include "log/json_log.h"
#include "store/pool.h"
#include "store/store_work.h"

namespace yibao::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = rng();
  std::string id(16, '0');
  for (auto& c : id) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

// A client-supplied X-Request-Id is kept (so a HIS can correlate) only if it is short and plain.
bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, const StaticFiles& static_files, Metrics& metrics)
      : options_(std::move(options)),
        router_(router),
        static_files_(static_files),
        metrics_(metrics),
        ioc_(std::max(1, options_.io_threads)),
        workers_(static_cast<std::size_t>(std::max(1, options_.worker_threads))),
        acceptor_(asio::make_strand(ioc_)),
        signals_(ioc_) {}

  unsigned short start() {
    const tcp::endpoint endpoint(asio::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const boost::system::error_code& ec, int signal_number) {
        if (ec) return;
        log::info("shutdown requested", {{"signal", signal_number}});
        begin_shutdown();
      });
    }
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
    return acceptor_.local_endpoint().port();
  }

  void run() {
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    // Handlers still running on the pool finish before the store is closed by our caller.
    workers_.join();
  }

  void request_stop() {
    asio::post(acceptor_.get_executor(), [this] { begin_shutdown(); });
  }

 private:
  struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool idle = true;  // waiting for a request's header; touched only on the connection's strand
  };

  void begin_shutdown() {
    if (stopping_.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    asio::co_spawn(ioc_, drain(), asio::detached);
  }

  void close_idle_connections() {
    std::lock_guard lock(connections_mutex_);
    for (const auto& weak : connections_) {
      auto conn = weak.lock();
      if (!conn) continue;
      asio::post(conn->stream.get_executor(), [conn] {
        if (!conn->idle) return;  // it started a request meanwhile; it will close after answering
        boost::system::error_code ignored;
        conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        conn->stream.socket().close(ignored);
      });
    }
  }

  asio::awaitable<void> drain() {
    const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (metrics_.connections_active.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      close_idle_connections();
      timer.expires_after(20ms);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (metrics_.connections_active.load() > 0) {
      log::warn("shutdown grace period over; closing remaining connections",
                {{"connections", static_cast<long long>(metrics_.connections_active.load())}});
    }
    ioc_.stop();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: pause instead of spinning.
        log::warn("accept failed", {{"error", ec.message()}});
        asio::steady_timer pause(acceptor_.get_executor(), 50ms);
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(connections_mutex_);
        std::erase_if(connections_, [](const auto& weak) { return weak.expired(); });
        connections_.push_back(conn);
      }
      asio::co_spawn(conn->stream.get_executor(), serve_connection(conn), asio::detached);
    }
  }

  // Runs the handler on this thread and records the store work it did (store/store_work.h).
  Response invoke_guarded(const Route& route, Request& request) {
    const store::StoreWork before = store::thread_store_work();
    Response response = invoke_handler(route, request);
    const store::StoreWork& after = store::thread_store_work();
    metrics_.observe_store_work(route.pattern, after.statements - before.statements, after.commits - before.commits);
    return response;
  }

  Response invoke_handler(const Route& route, Request& request) {
    try {
      return route.handler(request);
    } catch (const store::StoreUnavailable& e) {
      log::error("store unavailable", {{"request_id", request.request_id}, {"error", e.what()}});
      return error_response(core::Error{core::Reason::STORE_UNAVAILABLE}, request.request_id);
    } catch (const soci::soci_error& e) {
      // get_error_message() leaves out SOCI's "while executing ... with :x=..." context, which
      // can carry bound values (names, ID numbers) that must never reach a log.
      log::error("store error", {{"request_id", request.request_id}, {"error", e.get_error_message()}});
      return error_response(core::Error{core::Reason::INTERNAL_ERROR}, request.request_id);
    } catch (const std::exception& e) {
      log::error("handler failed", {{"request_id", request.request_id}, {"error", e.what()}});
      return error_response(core::Error{core::Reason::INTERNAL_ERROR}, request.request_id);
    }
  }

  asio::awaitable<Response> invoke(const Route& route, Request& request) {
    if (route.exec == Exec::io_thread) co_return invoke_guarded(route, request);
    co_return co_await asio::co_spawn(
        workers_, [&]() -> asio::awaitable<Response> { co_return invoke_guarded(route, request); },
        asio::use_awaitable);
  }

  Response route_request(Request& request, const RouteMatch& match, std::string& route_label) {
    if (!match.allowed_methods.empty()) {
      route_label = "unmatched";
      Response r = error_response(core::Error{core::Reason::METHOD_NOT_ALLOWED}, request.request_id);
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    if (request.method == "GET" || request.method == "HEAD") {
      if (auto file = static_files_.serve(request)) {
        route_label = "static";
        return std::move(*file);
      }
    }
    route_label = "unmatched";
    return error_response(core::Error{core::Reason::NOT_FOUND}, request.request_id);
  }

  asio::awaitable<bool> write_response(Connection& conn, const Request& request, unsigned version, bool keep_alive,
                                       Response response) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), version};
    res.set(bhttp::field::server, "yibao");
    res.set(bhttp::field::content_type, response.content_type);
    res.set("X-Request-Id", request.request_id);
    for (auto& [name, value] : response.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.body() = std::move(response.body);
    res.prepare_payload();
    if (request.method == "HEAD") {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    conn.stream.expires_after(options_.write_timeout);
    auto [ec, bytes] = co_await bhttp::async_write(conn.stream, res, asio::as_tuple(asio::use_awaitable));
    (void)bytes;
    co_return !ec;
  }

  asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn) {
    ++metrics_.connections_active;
    ++metrics_.connections_total;
    struct Leave {
      Metrics& m;
      ~Leave() { --m.connections_active; }
    } leave{metrics_};

    boost::system::error_code ec;
    const auto remote = conn->stream.socket().remote_endpoint(ec);
    const std::string remote_address = ec ? std::string() : remote.address().to_string();
    beast::flat_buffer buffer;

    while (!stopping_) {
      conn->idle = true;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
      // No body limit while reading the header: Beast would refuse a large Content-Length before
      // we know the route, and so before we could answer with the route's own limit and a 413.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      conn->stream.expires_after(buffer.size() > 0 ? options_.read_timeout : options_.idle_timeout);
      auto [read_ec, header_bytes] =
          co_await bhttp::async_read_header(conn->stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      (void)header_bytes;
      const auto started = std::chrono::steady_clock::now();
      Request request;
      request.remote_address = remote_address;
      request.request_id = new_request_id();
      if (read_ec) {
        // Answer a malformed request so the client knows why; just close on EOF or timeout.
        if (read_ec == bhttp::error::header_limit) {
          request.method = "GET";
          co_await write_response(*conn, request, 11, false,
                                  error_response(core::Error{core::Reason::HEADERS_TOO_LARGE}, request.request_id));
        } else if (read_ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
                   read_ec != bhttp::error::end_of_stream && read_ec != bhttp::error::partial_message) {
          request.method = "GET";
          co_await write_response(*conn, request, 11, false,
                                  error_response(core::Error{core::Reason::BAD_REQUEST_SYNTAX}, request.request_id));
        }
        break;
      }
      conn->idle = false;
      ++metrics_.requests_in_flight;
      struct Done {
        Metrics& m;
        ~Done() { --m.requests_in_flight; }
      } done{metrics_};

      auto& message = parser.get();
      request.method = std::string(message.method_string());
      if (const auto incoming = message["X-Request-Id"]; acceptable_request_id(incoming)) {
        request.request_id = std::string(incoming);
      }
      request.headers = &message.base();
      const unsigned version = message.version();
      bool keep_alive = message.keep_alive();
      std::string route_label = "unmatched";
      Response response;

      auto target = boost::urls::parse_origin_form(std::string_view(message.target().data(), message.target().size()));
      if (!target) {
        response = error_response(core::Error{core::Reason::BAD_REQUEST_SYNTAX, "请求地址无法解析"}, request.request_id);
        keep_alive = false;
      } else {
        request.path = target->path();
        request.query = std::string(target->encoded_query());
        const RouteMatch match = router_.match(request.method, request.path);
        const std::size_t limit =
            match.route != nullptr && match.route->body_limit > 0 ? match.route->body_limit : options_.body_limit;
        parser.body_limit(limit);
        const auto declared = parser.content_length();
        bool body_ok = true;
        if (declared && *declared > limit) {
          // Refuse before reading a byte of it; the unread body means the connection must close.
          response = error_response(core::Error{core::Reason::BODY_TOO_LARGE}, request.request_id);
          keep_alive = false;
          body_ok = false;
        } else if (!parser.is_done()) {
          if (beast::iequals(message[bhttp::field::expect], "100-continue")) {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
            conn->stream.expires_after(options_.write_timeout);
            co_await bhttp::async_write(conn->stream, cont, asio::as_tuple(asio::use_awaitable));
          }
          conn->stream.expires_after(options_.read_timeout);
          auto [body_ec, body_bytes] =
              co_await bhttp::async_read(conn->stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
          (void)body_bytes;
          if (body_ec == bhttp::error::body_limit) {
            response = error_response(core::Error{core::Reason::BODY_TOO_LARGE}, request.request_id);
            keep_alive = false;
            body_ok = false;
          } else if (body_ec) {
            break;  // the client went away or stalled mid-body: nothing to answer
          }
        }
        if (body_ok) {
          request.body = std::move(message.body());
          if (match.route != nullptr) {
            route_label = match.route->pattern;
            request.path_params = match.params;
            response = co_await invoke(*match.route, request);
          } else {
            response = route_request(request, match, route_label);
          }
        }
      }
      if (stopping_) keep_alive = false;
      const unsigned status = response.status;
      const bool written = co_await write_response(*conn, request, version, keep_alive, std::move(response));
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics_.observe(route_label, request.method, status, seconds);
      if (options_.access_log) {
        log::info("request", {{"request_id", request.request_id},
                              {"method", request.method},
                              {"route", route_label},
                              {"status", status},
                              {"ms", seconds * 1000.0}});
      }
      if (!written || !keep_alive) break;
    }
    boost::system::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.socket().close(ignored);
  }

  ServerOptions options_;
  const Router& router_;
  const StaticFiles& static_files_;
  Metrics& metrics_;
  asio::io_context ioc_;
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::mutex connections_mutex_;
  std::list<std::weak_ptr<Connection>> connections_;
};

Server::Server(ServerOptions options, const Router& router, const StaticFiles& static_files, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, static_files, metrics)) {}
Server::~Server() = default;
unsigned short Server::start() { return impl_->start(); }
void Server::run() { impl_->run(); }
void Server::request_stop() { impl_->request_stop(); }

}  // namespace yibao::http
