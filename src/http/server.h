#pragma once
// The HTTP/1.1 server (Boost.Beast): keep-alive, a header-size limit and a per-route body
// limit, read/idle/write timeouts, I/O threads for sockets and a worker pool for handlers that
// block on the store, and graceful shutdown.
//
// Shutdown (SIGTERM/SIGINT, or request_stop()): stop accepting, close idle keep-alive
// connections, let requests in flight finish and answer them with "Connection: close", then
// stop. If they are not done within the grace period they are cut off. run() returns after
// that; the caller then closes the store.
//
// Thread-safety: start() and run() from one thread; request_stop() from any thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"

namespace yibao::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  std::chrono::seconds read_timeout{15};   // to receive one whole request once it started
  std::chrono::seconds idle_timeout{60};   // keep-alive: waiting for the next request
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds shutdown_grace{20};
  bool access_log = true;
  bool handle_signals = true;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, const StaticFiles& static_files, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::system_error if it cannot bind.
  unsigned short start();
  // Serves until shutdown completes.
  void run();
  void request_stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yibao::http
