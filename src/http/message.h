#pragma once
// What a route handler sees and returns. Handlers never touch sockets.

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/beast/http/fields.hpp>
#include <boost/json/value.hpp>

#include "core/result.h"

namespace yibao::http {

struct Request {
  std::string method;          // "GET", "POST", ...
  std::string path;            // decoded path without the query, e.g. "/api/v1/persons/P1"
  std::string query;           // raw query string without '?'
  std::string body;
  const boost::beast::http::fields* headers = nullptr;
  std::unordered_map<std::string, std::string> path_params;  // from {name} route segments
  std::string request_id;
  std::string remote_address;

  std::string_view header(std::string_view name) const;
  std::string path_param(const std::string& name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(unsigned status, const boost::json::value& value);
  static Response text(unsigned status, std::string body, std::string content_type = "text/plain; charset=utf-8");
};

// The platform's one error shape (domain.md §10):
// {"error":{"code","message","remedy","detail"?,"field"?,"request_id"}}
Response error_response(const core::Error& error, std::string_view request_id);
boost::json::object error_body(const core::Error& error, std::string_view request_id);

// Parses a JSON request body, or returns BODY_NOT_JSON / FIELD_INVALID (not an object).
core::Result<boost::json::object> parse_json_object(const Request& request);

}  // namespace yibao::http
