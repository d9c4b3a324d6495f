#pragma once
// 扫码查药 (issue 15 §8): a signed-in person asks how often a 药品追溯码 was sold.
//   GET /api/v1/drug-trace/{code}
// Sales (whole box and 拆零 apart), where and when — never to whom. A whole box sold twice or
// more is flagged 可能为回流药.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_drug_trace_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
