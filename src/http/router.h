#pragma once
// Method + path pattern -> handler. Patterns are literal segments and {name} placeholders,
// e.g. "/api/v1/persons/{psn_no}". Each route says where it runs: on the I/O thread (cheap,
// never blocks) or on the worker pool (anything that touches the store or a provider).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace yibao::http {

enum class Exec { io_thread, worker };

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Exec exec = Exec::worker;
  std::size_t body_limit = 0;  // 0: the server's default
};

struct RouteMatch {
  const Route* route = nullptr;                 // set when method and path match
  std::vector<std::string> allowed_methods;     // set when only the path matched (405)
  std::unordered_map<std::string, std::string> params;
};

class Router {
 public:
  void add(Route route);
  void get(std::string pattern, Handler h, Exec exec = Exec::worker) {
    add(Route{"GET", std::move(pattern), std::move(h), exec, 0});
  }
  void post(std::string pattern, Handler h, Exec exec = Exec::worker, std::size_t body_limit = 0) {
    add(Route{"POST", std::move(pattern), std::move(h), exec, body_limit});
  }

  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a placeholder
  };
  static std::vector<std::string> split(std::string_view path);
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace yibao::http
