#pragma once
// Operational endpoints: /healthz (the process is alive), /readyz (it can reach its store and
// is not shutting down), /metrics (Prometheus text).

#include <functional>

#include "http/metrics.h"
#include "http/router.h"
#include "store/database.h"

namespace yibao::http {

void add_system_routes(Router& router, store::Database& db, Metrics& metrics);

// Registers store pool figures (size, in use, waits, timeouts, retries) with /metrics.
void add_store_metrics(Metrics& metrics, store::Database& db);

}  // namespace yibao::http
