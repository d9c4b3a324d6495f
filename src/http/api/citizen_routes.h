#pragma once
// The citizen API (/api/v1): face checks, activation, login, the person's profile and
// enrolments, the PIN, channels (移除凭证), the dynamic code and who decoded it.
// Documented in docs/api/openapi.yaml.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_citizen_routes(Router& router, ApiDeps& deps);

// The face simulator's "phone" step (/sim/face-checks/{ticket}/complete), only when the
// simulator is the configured provider.
void add_simulator_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
