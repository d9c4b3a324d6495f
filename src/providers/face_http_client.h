#pragma once
// A real face-verification provider over HTTP/1.1 (contract: docs/providers/face.md).
//
//   POST {prefix}/v1/face-checks           {"id_number","name","purpose","channel"}
//        → 200 {"ticket","verify_url","expires_at"}          (expires_at RFC 3339 UTC)
//   GET  {prefix}/v1/face-checks/{ticket}
//        → 200 {"status","failure","id_number","name"}; 404 → FACE_TICKET_UNKNOWN
//
// Every request carries the headers X-App-Id and X-Api-Key. Transport errors, timeouts,
// unexpected statuses and malformed bodies are FACE_PROVIDER_UNAVAILABLE (503); the error's
// detail names what went wrong but never the ID number, the name, the ticket or the key.
//
// Plain HTTP over TCP: the stack has no TLS library, so production reaches the provider through
// a TLS sidecar or egress gateway on the local network (host/port point at it).
//
// Each call opens one connection (Connection: close) and blocks until it is done, with the
// shared transport in providers/json_http_call.h (timeouts, 64 KiB reply cap); the client keeps
// no mutable state and is safe to use from many threads.

#include <chrono>
#include <cstdint>
#include <string>

#include "providers/face_provider.h"
#include "providers/json_http_call.h"

namespace yibao::providers {

struct FaceHttpConfig {
  std::string host;                // e.g. "127.0.0.1" or "face-gateway.internal"
  std::uint16_t port = 80;
  std::string path_prefix;         // "" or e.g. "/api" (a trailing '/' is ignored)
  std::string app_id;              // sent as X-App-Id
  std::string api_key;             // sent as X-Api-Key; a secret, from the environment
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{5000};  // writing the request and reading the reply
};

class FaceHttpClient final : public FaceProvider {
 public:
  explicit FaceHttpClient(FaceHttpConfig config);

  core::Result<FaceCheckTicket> start(const FaceCheckRequest& request) override;
  // A ticket that is not 1-128 characters of [A-Za-z0-9_-] is FACE_TICKET_UNKNOWN without a
  // request (it could not have come from the provider, and must not reach its URL path).
  core::Result<FaceCheckResult> result(const std::string& ticket) override;

 private:
  JsonHttpCaller caller_;
};

}  // namespace yibao::providers
