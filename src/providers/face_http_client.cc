#include "providers/face_http_client.h"

#include <optional>
#include <string_view>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace yibao::providers {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using core::Error;
using core::Reason;

constexpr std::uint64_t kMaxResponseBody = 64 * 1024;
constexpr std::size_t kMaxTicket = 128;

Error unavailable(std::string detail) { return Error{Reason::FACE_PROVIDER_UNAVAILABLE, std::move(detail)}; }

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

const json::string* string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_string() : nullptr;
}

core::Result<json::object> parse_object(const std::string& body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) return unavailable("人脸识别服务返回的内容不是有效的 JSON");
  auto* object = value.if_object();
  if (!object) return unavailable("人脸识别服务返回的内容不是 JSON 对象");
  return std::move(*object);
}

std::string describe(const beast::error_code& ec, std::string_view step) {
  if (ec == beast::error::timeout) return std::string("人脸识别服务") + std::string(step) + "超时";
  return std::string("人脸识别服务") + std::string(step) + "失败：" + ec.message();
}

}  // namespace

FaceHttpClient::FaceHttpClient(FaceHttpConfig config) : config_(std::move(config)) {
  while (!config_.path_prefix.empty() && config_.path_prefix.back() == '/') config_.path_prefix.pop_back();
  if (!config_.path_prefix.empty() && config_.path_prefix.front() != '/') config_.path_prefix.insert(0, "/");
}

core::Result<FaceCheckTicket> FaceHttpClient::start(const FaceCheckRequest& request) {
  if (request.id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "id_number"};
  if (request.name.empty()) return Error{Reason::FIELD_MISSING, {}, "name"};
  const json::object body{{"id_number", request.id_number},
                          {"name", request.name},
                          {"purpose", to_string(request.purpose)},
                          {"channel", request.channel}};
  auto reply = exchange(true, config_.path_prefix + "/v1/face-checks", json::serialize(body));
  if (!reply) return reply.error();
  if (reply->status / 100 != 2) return unavailable("人脸识别服务返回 HTTP " + std::to_string(reply->status));

  auto object = parse_object(reply->body);
  if (!object) return object.error();
  const auto* ticket = string_field(*object, "ticket");
  const auto* verify_url = string_field(*object, "verify_url");
  const auto* expires_at = string_field(*object, "expires_at");
  if (!ticket || !is_ticket(*ticket)) return unavailable("人脸识别服务返回的 ticket 缺失或格式不正确");
  if (!verify_url || verify_url->empty()) return unavailable("人脸识别服务返回的 verify_url 缺失");
  const auto when = expires_at ? parse_rfc3339_utc(*expires_at) : std::nullopt;
  if (!when) return unavailable("人脸识别服务返回的 expires_at 缺失或不是 RFC 3339 UTC 时间");
  return FaceCheckTicket{std::string(*ticket), std::string(*verify_url), *when};
}

core::Result<FaceCheckResult> FaceHttpClient::result(const std::string& ticket) {
  if (!is_ticket(ticket)) return Reason::FACE_TICKET_UNKNOWN;
  auto reply = exchange(false, config_.path_prefix + "/v1/face-checks/" + ticket, {});
  if (!reply) return reply.error();
  if (reply->status == 404) return Reason::FACE_TICKET_UNKNOWN;
  if (reply->status / 100 != 2) return unavailable("人脸识别服务返回 HTTP " + std::to_string(reply->status));

  auto object = parse_object(reply->body);
  if (!object) return object.error();
  FaceCheckResult out;
  const auto* status = string_field(*object, "status");
  if (!status) return unavailable("人脸识别服务返回的 status 缺失");
  if (*status == "pending") {
    out.outcome = FaceOutcome::pending;
  } else if (*status == "passed") {
    out.outcome = FaceOutcome::passed;
  } else if (*status == "failed") {
    out.outcome = FaceOutcome::failed;
  } else {
    return unavailable("人脸识别服务返回了未知的 status");
  }

  const auto* failure_value = object->if_contains("failure");
  if (out.outcome == FaceOutcome::failed) {
    const auto* failure = failure_value ? failure_value->if_string() : nullptr;
    const auto kind = failure ? face_failure_from_string(*failure) : std::nullopt;
    if (!kind || *kind == FaceFailure::none) return unavailable("人脸识别服务返回的 failure 缺失或未知");
    out.failure = *kind;
  } else if (failure_value && !failure_value->is_null()) {
    return unavailable("人脸识别服务在未失败时返回了 failure");
  }

  const auto* id_number = string_field(*object, "id_number");
  const auto* name = string_field(*object, "name");
  if (id_number) out.id_number = std::string(*id_number);
  if (name) out.name = std::string(*name);
  // A pass must say whom it is for: the caller binds it to the expected person.
  if (out.outcome == FaceOutcome::passed && out.id_number.empty()) {
    return unavailable("人脸识别服务返回的通过结果缺少 id_number");
  }
  return out;
}

core::Result<FaceHttpClient::Reply> FaceHttpClient::exchange(bool post, const std::string& target,
                                                             std::string body) const {
  asio::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(config_.host, std::to_string(config_.port), ec);
  if (ec) return unavailable(describe(ec, "地址解析"));

  bhttp::request<bhttp::string_body> request{post ? bhttp::verb::post : bhttp::verb::get, target, 11};
  request.set(bhttp::field::host, config_.host + ":" + std::to_string(config_.port));
  request.set(bhttp::field::user_agent, "yibao");
  request.set(bhttp::field::accept, "application/json");
  request.set("X-App-Id", config_.app_id);
  request.set("X-Api-Key", config_.api_key);
  request.keep_alive(false);
  if (post) {
    request.set(bhttp::field::content_type, "application/json; charset=utf-8");
    request.body() = std::move(body);
  }
  request.prepare_payload();

  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  parser.header_limit(16 * 1024);

  // One chain of asynchronous steps, so that expires_after() applies; run() returns when it ends.
  std::string_view failed_step;
  stream.expires_after(config_.connect_timeout);
  stream.async_connect(endpoints, [&](const beast::error_code& connect_ec, const tcp::endpoint&) {
    if (connect_ec) {
      ec = connect_ec;
      failed_step = "连接";
      return;
    }
    // One deadline for writing the request and reading the whole reply.
    stream.expires_after(config_.read_timeout);
    bhttp::async_write(stream, request, [&](const beast::error_code& write_ec, std::size_t) {
      if (write_ec) {
        ec = write_ec;
        failed_step = "请求发送";
        return;
      }
      bhttp::async_read(stream, buffer, parser, [&](const beast::error_code& read_ec, std::size_t) {
        if (read_ec) {
          ec = read_ec;
          failed_step = "响应读取";
        }
      });
    });
  });
  ioc.run();

  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
  if (ec) return unavailable(describe(ec, failed_step));
  return Reply{parser.get().result_int(), std::move(parser.get().body())};
}

}  // namespace yibao::providers
