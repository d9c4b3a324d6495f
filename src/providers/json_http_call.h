#pragma once
// One JSON-over-HTTP/1.1 call to an external provider, with timeouts: the transport shared by
// every provider client (FaceHttpClient, HouseholdHttpClient, BirthCertificateHttpClient,
// SmsHttpClient).
//
// Each call opens one connection (Connection: close) on a private io_context and blocks until
// it is done, so a JsonHttpCaller keeps no mutable state and is safe to use from many threads.
// The socket operations run asynchronously under that io_context because beast::tcp_stream
// applies its expires_after() timeouts to asynchronous operations only: `connect_timeout` for
// the connection, `read_timeout` as one deadline for writing the request and reading the whole
// reply. Replies are limited to 64 KiB of body (16 KiB of headers). Name resolution uses the
// system resolver and its own timeout; configure an IP address or a name in /etc/hosts.
//
// Plain HTTP over TCP: the stack has no TLS library, so production reaches a provider through a
// TLS sidecar or egress gateway on the local network (host/port point at it).
//
// Every failure is an Error with the caller's "unavailable" reason and a detail that names the
// service and the step ("人脸识别服务连接超时", "短信服务返回 HTTP 500"). Details never hold the
// request target, body, headers or the provider's reply: those may carry personal data or keys.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "core/result.h"

namespace yibao::providers {

// How a provider client is configured (each client documents which headers it sends).
struct ProviderHttpConfig {
  std::string host;         // e.g. "127.0.0.1" or "household-gateway.internal"
  std::uint16_t port = 80;
  std::string path_prefix;  // "" or e.g. "/api" (a trailing '/' is ignored, a leading one added)
  std::string app_id;       // sent as X-App-Id when not empty
  std::string api_key;      // sent as X-Api-Key; a secret, from the environment
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{5000};  // writing the request and reading the reply
};

enum class HttpMethod { get, post };

struct JsonHttpReply {
  unsigned status = 0;
  std::string body;
};

class JsonHttpCaller {
 public:
  // `unavailable`: the reason of every transport or contract failure (e.g.
  // FACE_PROVIDER_UNAVAILABLE). `service`: who is called, in Chinese, for error details
  // (e.g. "人脸识别服务"). `headers` are sent with every request (X-App-Id, X-Api-Key, …), in
  // addition to Host, User-Agent, Accept: application/json and Connection: close.
  JsonHttpCaller(std::string host, std::uint16_t port, std::string path_prefix,
                 std::vector<std::pair<std::string, std::string>> headers, std::chrono::milliseconds connect_timeout,
                 std::chrono::milliseconds read_timeout, core::Reason unavailable, std::string service);

  // From a ProviderHttpConfig: X-App-Id (when not empty) and X-Api-Key.
  JsonHttpCaller(const ProviderHttpConfig& config, core::Reason unavailable, std::string service);

  // Sends `method` to path_prefix + `path` (which starts with '/' and is already
  // percent-encoded); a POST carries `body` as application/json. Any HTTP status is a reply:
  // the caller decides what it means. Transport errors and timeouts are unavailable().
  core::Result<JsonHttpReply> call(HttpMethod method, const std::string& path, std::string body = {}) const;

  // Error{unavailable reason, service + what}, e.g. unavailable("返回的 ticket 缺失").
  core::Error unavailable(std::string_view what) const;
  // unavailable("返回 HTTP <status>").
  core::Error unexpected_status(unsigned status) const;
  // The reply body as a JSON object, else unavailable("返回的内容不是有效的 JSON") /
  // unavailable("返回的内容不是 JSON 对象").
  core::Result<boost::json::object> parse_object(const std::string& body) const;

  const std::string& path_prefix() const { return path_prefix_; }

 private:
  std::string host_;
  std::uint16_t port_;
  std::string path_prefix_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds read_timeout_;
  core::Reason unavailable_;
  std::string service_;
};

// "/api/" → "/api", "api" → "/api", "/" → "".
std::string normalize_path_prefix(std::string prefix);

// RFC 3986: unreserved characters (A-Z a-z 0-9 - . _ ~) kept, every other byte as %XX
// (upper-case hex), UTF-8 bytes included. For path segments and query values.
std::string percent_encode(std::string_view text);

// The string at `key`, or nullptr if absent or not a string.
const boost::json::string* string_field(const boost::json::object& object, std::string_view key);

}  // namespace yibao::providers
