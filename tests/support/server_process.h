#pragma once
// Runs the real `yibao` binary as a child process for the api tests, and a minimal HTTP/1.1
// client to talk to it.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace yibao::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs yibao with `args` to completion (for migrate and start-up failures).
CommandResult run_yibao(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

class ServerProcess {
 public:
  // Starts `yibao serve --port 0 ...extra` and waits until it listens. Fails the test if it
  // does not start within the timeout.
  ServerProcess(const std::string& store_url, std::vector<std::string> extra_args = {},
                const std::map<std::string, std::string>& env = {});
  ~ServerProcess();

  unsigned short port() const { return port_; }
  // Sends SIGTERM and waits; returns the exit code.
  int stop();
  // SIGKILL, as a crash or an operator's kill -9 would: no shutdown code runs. Waits for it.
  void kill_hard();
  pid_t pid() const { return pid_; }
  std::string output() const;  // what the server printed so far

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::string dir_;
};

struct HttpResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::map<std::string, std::string> headers;
};

// One request on a new connection.
HttpResponse http_call(unsigned short port, const HttpRequest& request);
HttpResponse http_get(unsigned short port, const std::string& target);

// Several requests over one keep-alive connection.
std::vector<HttpResponse> http_pipeline(unsigned short port, const std::vector<HttpRequest>& requests);

// Writes raw bytes and returns whatever the server answers before closing (malformed input).
std::string raw_exchange(unsigned short port, const std::string& bytes);

}  // namespace yibao::testing
