#include "http/api/api_support.h"

#include <charconv>

#include <boost/url/parse.hpp>

#include "core/clock.h"
#include "core/money.h"
#include "qr/qr_image.h"
#include "store/time_codec.h"

namespace yibao::http::api {

core::Result<std::string> required_string(const boost::json::object& body, const char* field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || value->is_null()) return core::Error{core::Reason::FIELD_MISSING, field, field};
  if (!value->is_string()) return core::Error{core::Reason::FIELD_INVALID, std::string(field) + " 应为字符串", field};
  std::string text(value->as_string());
  if (text.empty()) return core::Error{core::Reason::FIELD_MISSING, field, field};
  return text;
}

std::optional<std::string> optional_string(const boost::json::object& body, const char* field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) return std::nullopt;
  return std::string(value->as_string());
}

std::string channel_of(const Request& request) { return std::string(request.header("X-Channel")); }

std::string bearer_token(const Request& request) {
  const std::string_view auth = request.header("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (!auth.starts_with(kPrefix)) return {};
  return std::string(auth.substr(kPrefix.size()));
}

std::optional<std::string> query_param(const Request& request, const std::string& name) {
  const std::string reference = "?" + request.query;  // the parsed view points into this string
  auto url = boost::urls::parse_relative_ref(reference);
  if (!url) return std::nullopt;
  for (const auto& param : url->params()) {
    if (param.key == name) return std::string(param.value);
  }
  return std::nullopt;
}

core::Result<services::Principal> authenticate(services::SessionService& sessions, const Request& request,
                                               services::SubjectKind kind) {
  const std::string token = bearer_token(request);
  if (token.empty()) {
    return kind == services::SubjectKind::staff ? core::Error{core::Reason::STAFF_REQUIRED}
                                                : core::Error{core::Reason::SESSION_REQUIRED};
  }
  auto principal = sessions.authenticate(token, kind);
  if (!principal && kind == services::SubjectKind::staff && principal.reason() == core::Reason::SESSION_REQUIRED) {
    return core::Error{core::Reason::STAFF_REQUIRED};
  }
  return principal;
}

std::string iso(std::chrono::system_clock::time_point t) { return core::iso_utc(t); }

void put_money(boost::json::object& o, const std::string& name, std::int64_t fen) {
  o[name + "_fen"] = fen;
  o[name] = core::Money::from_fen(fen).to_string();
}
std::string iso_us(std::int64_t epoch_us) { return core::iso_utc(store::from_epoch_us(epoch_us)); }

std::optional<std::int64_t> path_id(const Request& request, const std::string& name) {
  const std::string text = request.path_param(name);
  long long id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Response code_response(const services::IssuedCode& code, const Request& request, bool shown_by_holder) {
  auto svg = qr::render_svg(code.token);
  if (!svg) return fail(svg.error(), request);
  boost::json::object body{{"token", code.token},
                           {"issued_at", iso(code.issued_at)},
                           {"expires_at", iso(code.expires_at)},
                           {"ttl_seconds", code.ttl_seconds},
                           {"svg", *svg}};
  if (shown_by_holder) body["shown_by_holder"] = true;
  Response r = Response::json(201, body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

boost::json::object reason_json(const core::Error& e) {
  const auto& info = core::info(e.reason);
  boost::json::object o{{"code", info.code}, {"message", info.message}, {"remedy", info.remedy}};
  if (!e.detail.empty()) o["detail"] = e.detail;
  return o;
}

}  // namespace yibao::http::api
