#include "http/message.h"

#include <boost/json.hpp>

namespace yibao::http {

std::string_view Request::header(std::string_view name) const {
  if (headers == nullptr) return {};
  const auto it = headers->find(name);
  if (it == headers->end()) return {};
  return {it->value().data(), it->value().size()};
}

std::string Request::path_param(const std::string& name) const {
  const auto it = path_params.find(name);
  return it == path_params.end() ? std::string() : it->second;
}

Response Response::json(unsigned status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

Response Response::text(unsigned status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

boost::json::object error_body(const core::Error& error, std::string_view request_id) {
  const auto& reason = core::info(error.reason);
  boost::json::object inner;
  inner["code"] = reason.code;
  inner["message"] = reason.message;
  inner["remedy"] = reason.remedy;
  if (!error.detail.empty()) inner["detail"] = error.detail;
  if (!error.field.empty()) inner["field"] = error.field;
  inner["request_id"] = request_id;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return outer;
}

Response error_response(const core::Error& error, std::string_view request_id) {
  return Response::json(static_cast<unsigned>(core::info(error.reason).http_status), error_body(error, request_id));
}

core::Result<boost::json::object> parse_json_object(const Request& request) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec);
  if (ec) return core::Error{core::Reason::BODY_NOT_JSON, "JSON 解析失败: " + ec.message()};
  if (!value.is_object()) return core::Error{core::Reason::FIELD_INVALID, "请求体应为 JSON 对象"};
  return std::move(value.as_object());
}

}  // namespace yibao::http
