#pragma once
// The platform's clock over HTTP (issue 19 §3):
//   GET  /api/v1/platform/clock          public: the platform's now, and whether it was moved
//                                        (the apps show a banner while it is)
//   POST /api/agency/v1/demo/clock       staff, only under `serve --demo-clock`: one of
//                                        {"advance_days":N}, {"advance_seconds":N},
//                                        {"set":"yyyy-MM-dd HH:mm:ss"} (Beijing time), forward only

#include "http/api/api_deps.h"
#include "http/router.h"
#include "services/demo_clock_service.h"

namespace yibao::http::api {

void add_demo_clock_routes(Router& router, ApiDeps& deps, services::DemoClockService& clock);

}  // namespace yibao::http::api
