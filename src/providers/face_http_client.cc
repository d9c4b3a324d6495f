#include "providers/face_http_client.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace yibao::providers {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

constexpr std::size_t kMaxTicket = 128;

bool is_ticket(std::string_view text) {
  if (text.empty() || text.size() > kMaxTicket) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// RFC 3339 in UTC: "yyyy-MM-ddTHH:mm:ss[.fraction](Z|+00:00)".
std::optional<std::chrono::system_clock::time_point> parse_rfc3339_utc(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 20) return std::nullopt;
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok() || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;

  std::size_t pos = 19;
  nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t value = 0;
    int count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count == 9) return std::nullopt;
      value = value * 10 + (text[pos] - '0');
      ++count;
      ++pos;
    }
    if (count == 0) return std::nullopt;
    for (int i = count; i < 9; ++i) value *= 10;
    fraction = nanoseconds{value};
  }
  const auto zone = text.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  const auto when = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s} + fraction;
  return time_point_cast<system_clock::duration>(when);
}

JsonHttpCaller make_caller(FaceHttpConfig config) {
  // X-App-Id and X-Api-Key on every request, as before the transport was shared.
  std::vector<std::pair<std::string, std::string>> headers{{"X-App-Id", std::move(config.app_id)},
                                                           {"X-Api-Key", std::move(config.api_key)}};
  return JsonHttpCaller(std::move(config.host), config.port, std::move(config.path_prefix), std::move(headers),
                        config.connect_timeout, config.read_timeout, Reason::FACE_PROVIDER_UNAVAILABLE, "人脸识别服务");
}

}  // namespace

FaceHttpClient::FaceHttpClient(FaceHttpConfig config) : caller_(make_caller(std::move(config))) {}

core::Result<FaceCheckTicket> FaceHttpClient::start(const FaceCheckRequest& request) {
  if (request.id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "id_number"};
  if (request.name.empty()) return Error{Reason::FIELD_MISSING, {}, "name"};
  const json::object body{{"id_number", request.id_number},
                          {"name", request.name},
                          {"purpose", to_string(request.purpose)},
                          {"channel", request.channel}};
  auto reply = caller_.call(HttpMethod::post, "/v1/face-checks", json::serialize(body));
  if (!reply) return reply.error();
  if (reply->status / 100 != 2) return caller_.unexpected_status(reply->status);

  auto object = caller_.parse_object(reply->body);
  if (!object) return object.error();
  const auto* ticket = string_field(*object, "ticket");
  const auto* verify_url = string_field(*object, "verify_url");
  const auto* expires_at = string_field(*object, "expires_at");
  if (!ticket || !is_ticket(*ticket)) return caller_.unavailable("返回的 ticket 缺失或格式不正确");
  if (!verify_url || verify_url->empty()) return caller_.unavailable("返回的 verify_url 缺失");
  const auto when = expires_at ? parse_rfc3339_utc(*expires_at) : std::nullopt;
  if (!when) return caller_.unavailable("返回的 expires_at 缺失或不是 RFC 3339 UTC 时间");
  return FaceCheckTicket{std::string(*ticket), std::string(*verify_url), *when};
}

core::Result<FaceCheckResult> FaceHttpClient::result(const std::string& ticket) {
  if (!is_ticket(ticket)) return Reason::FACE_TICKET_UNKNOWN;
  auto reply = caller_.call(HttpMethod::get, "/v1/face-checks/" + ticket);
  if (!reply) return reply.error();
  if (reply->status == 404) return Reason::FACE_TICKET_UNKNOWN;
  if (reply->status / 100 != 2) return caller_.unexpected_status(reply->status);

  auto object = caller_.parse_object(reply->body);
  if (!object) return object.error();
  FaceCheckResult out;
  const auto* status = string_field(*object, "status");
  if (!status) return caller_.unavailable("返回的 status 缺失");
  if (*status == "pending") {
    out.outcome = FaceOutcome::pending;
  } else if (*status == "passed") {
    out.outcome = FaceOutcome::passed;
  } else if (*status == "failed") {
    out.outcome = FaceOutcome::failed;
  } else {
    return caller_.unavailable("返回了未知的 status");
  }

  const auto* failure_value = object->if_contains("failure");
  if (out.outcome == FaceOutcome::failed) {
    const auto* failure = failure_value ? failure_value->if_string() : nullptr;
    const auto kind = failure ? face_failure_from_string(*failure) : std::nullopt;
    if (!kind || *kind == FaceFailure::none) return caller_.unavailable("返回的 failure 缺失或未知");
    out.failure = *kind;
  } else if (failure_value && !failure_value->is_null()) {
    return caller_.unavailable("在未失败时返回了 failure");
  }

  const auto* id_number = string_field(*object, "id_number");
  const auto* name = string_field(*object, "name");
  if (id_number) out.id_number = std::string(*id_number);
  if (name) out.name = std::string(*name);
  // A pass must say whom it is for: the caller binds it to the expected person.
  if (out.outcome == FaceOutcome::passed && out.id_number.empty()) {
    return caller_.unavailable("返回的通过结果缺少 id_number");
  }
  return out;
}

}  // namespace yibao::providers
