#pragma once
// A real household-register (户口簿) provider over HTTP/1.1 (contract:
// docs/providers/household.md).
//
//   POST {prefix}/v1/household-checks
//        {"holder_id_number","holder_name","member_id_number","member_name","relation",
//         "holder_page_sha256","member_page_sha256"}
//        → 200 {"verdict":"confirmed|not_related|relation_differs|record_not_found",
//               "recorded_relation":"<relation wire name>"|null}
//
// Every request carries X-App-Id (when configured) and X-Api-Key. Transport errors, timeouts,
// any status but 200, malformed bodies and fields off the contract (an unknown verdict or
// relation; a `confirmed` whose recorded_relation is another relation) are
// HOUSEHOLD_PROVIDER_UNAVAILABLE (503); the error's detail names what went wrong but never an
// ID number, a name, a page hash or the key.
//
// Transport: providers/json_http_call.h (one connection per call, connect/read timeouts, 64 KiB
// reply cap, plain HTTP to a TLS sidecar). Stateless: safe to use from many threads.

#include "providers/household_provider.h"
#include "providers/json_http_call.h"

namespace yibao::providers {

using HouseholdHttpConfig = ProviderHttpConfig;

class HouseholdHttpClient final : public HouseholdProvider {
 public:
  explicit HouseholdHttpClient(const HouseholdHttpConfig& config);

  // validate_request() first: a refused request is never sent.
  core::Result<HouseholdCheckResult> check(const HouseholdCheckRequest& request) override;

 private:
  JsonHttpCaller caller_;
};

}  // namespace yibao::providers
