#include "providers/json_http_call.h"

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
#include <boost/json/value.hpp>

namespace yibao::providers {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kMaxResponseBody = 64 * 1024;
constexpr std::uint32_t kMaxResponseHeader = 16 * 1024;

std::vector<std::pair<std::string, std::string>> config_headers(const ProviderHttpConfig& config) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!config.app_id.empty()) headers.emplace_back("X-App-Id", config.app_id);
  headers.emplace_back("X-Api-Key", config.api_key);
  return headers;
}

}  // namespace

JsonHttpCaller::JsonHttpCaller(std::string host, std::uint16_t port, std::string path_prefix,
                               std::vector<std::pair<std::string, std::string>> headers,
                               std::chrono::milliseconds connect_timeout, std::chrono::milliseconds read_timeout,
                               core::Reason unavailable, std::string service)
    : host_(std::move(host)),
      port_(port),
      path_prefix_(normalize_path_prefix(std::move(path_prefix))),
      headers_(std::move(headers)),
      connect_timeout_(connect_timeout),
      read_timeout_(read_timeout),
      unavailable_(unavailable),
      service_(std::move(service)) {}

JsonHttpCaller::JsonHttpCaller(const ProviderHttpConfig& config, core::Reason unavailable, std::string service)
    : JsonHttpCaller(config.host, config.port, config.path_prefix, config_headers(config), config.connect_timeout,
                     config.read_timeout, unavailable, std::move(service)) {}

core::Error JsonHttpCaller::unavailable(std::string_view what) const {
  return core::Error{unavailable_, service_ + std::string(what)};
}

core::Error JsonHttpCaller::unexpected_status(unsigned status) const {
  return unavailable("返回 HTTP " + std::to_string(status));
}

core::Result<json::object> JsonHttpCaller::parse_object(const std::string& body) const {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) return unavailable("返回的内容不是有效的 JSON");
  auto* object = value.if_object();
  if (!object) return unavailable("返回的内容不是 JSON 对象");
  return std::move(*object);
}

core::Result<JsonHttpReply> JsonHttpCaller::call(HttpMethod method, const std::string& path, std::string body) const {
  const auto describe = [&](const beast::error_code& ec, std::string_view step) {
    if (ec == beast::error::timeout) return unavailable(std::string(step) + "超时");
    return unavailable(std::string(step) + "失败：" + ec.message());
  };

  asio::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
  if (ec) return describe(ec, "地址解析");

  const bool post = method == HttpMethod::post;
  bhttp::request<bhttp::string_body> request{post ? bhttp::verb::post : bhttp::verb::get, path_prefix_ + path, 11};
  request.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  request.set(bhttp::field::user_agent, "yibao");
  request.set(bhttp::field::accept, "application/json");
  for (const auto& [name, value] : headers_) request.set(name, value);
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
  parser.header_limit(kMaxResponseHeader);

  // One chain of asynchronous steps, so that expires_after() applies; run() returns when it ends.
  std::string_view failed_step;
  stream.expires_after(connect_timeout_);
  stream.async_connect(endpoints, [&](const beast::error_code& connect_ec, const tcp::endpoint&) {
    if (connect_ec) {
      ec = connect_ec;
      failed_step = "连接";
      return;
    }
    // One deadline for writing the request and reading the whole reply.
    stream.expires_after(read_timeout_);
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
  if (ec) return describe(ec, failed_step);
  return JsonHttpReply{parser.get().result_int(), std::move(parser.get().body())};
}

std::string normalize_path_prefix(std::string prefix) {
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (!prefix.empty() && prefix.front() != '/') prefix.insert(0, "/");
  return prefix;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

const json::string* string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_string() : nullptr;
}

}  // namespace yibao::providers
