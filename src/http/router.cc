#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace yibao::http {

std::vector<std::string> Router::split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  }
  for (const auto& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      throw std::invalid_argument("duplicate route: " + route.method + " " + route.pattern);
    }
  }
  compiled_.push_back(Compiled{split(route.pattern)});
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  const auto segments = split(path);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segments.size()) continue;
    std::unordered_map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t s = 0; s < pattern.size() && ok; ++s) {
      const auto& p = pattern[s];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segments[s];
      } else {
        ok = p == segments[s];
      }
    }
    if (!ok) continue;
    // HEAD is answered by the GET handler (the server drops the body).
    const bool method_ok = routes_[i].method == method || (method == "HEAD" && routes_[i].method == "GET");
    if (method_ok) {
      result.route = &routes_[i];
      result.params = std::move(params);
      result.allowed_methods.clear();
      return result;
    }
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), routes_[i].method) ==
        result.allowed_methods.end()) {
      result.allowed_methods.push_back(routes_[i].method);
    }
  }
  return result;
}

}  // namespace yibao::http
