#pragma once
// A real SMS gateway over HTTP/1.1 (contract: docs/providers/sms.md).
//
//   POST {prefix}/v1/messages   {"phone","template_code","text"}
//        → 200 / 202 (any 2xx): accepted; the reply body is ignored
//        → 4xx: SMS_REJECTED (permanent), except 401, 403, 407 (the platform's credentials or
//          proxy — not the person's number), 408 and 429 (temporary): SMS_PROVIDER_UNAVAILABLE
//        → 5xx, other statuses, transport errors, timeouts: SMS_PROVIDER_UNAVAILABLE (retryable)
//
// Every request carries X-Api-Key (and X-App-Id when configured). Error details name the step
// or the HTTP status, never the phone number, the text or the key.
//
// Transport: providers/json_http_call.h. Stateless: safe to use from many threads. The client
// does not retry: a message that timed out may still have been delivered, so retrying is the
// caller's decision.

#include "providers/json_http_call.h"
#include "providers/sms_provider.h"

namespace yibao::providers {

using SmsHttpConfig = ProviderHttpConfig;

class SmsHttpClient final : public SmsProvider {
 public:
  explicit SmsHttpClient(const SmsHttpConfig& config);

  // validate_message() first: a refused message is never sent.
  core::Status send(const SmsMessage& message) override;

 private:
  JsonHttpCaller caller_;
};

}  // namespace yibao::providers
