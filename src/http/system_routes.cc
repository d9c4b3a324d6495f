#include "http/system_routes.h"

#include <boost/json.hpp>

namespace yibao::http {

void add_system_routes(Router& router, store::Database& db, Metrics& metrics) {
  router.get(
      "/healthz", [](Request&) { return Response::json(200, {{"status", "ok"}}); }, Exec::io_thread);

  // On the worker pool: it waits for a store session like any real request would.
  router.get("/readyz", [&db](Request& request) {
    if (!db.ping()) {
      Response r = error_response(core::Error{core::Reason::STORE_UNAVAILABLE}, request.request_id);
      return r;
    }
    return Response::json(200, {{"status", "ready"}, {"store", store::backend_name(db.backend())}});
  });

  router.get(
      "/metrics",
      [&metrics](Request&) {
        return Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
      },
      Exec::io_thread);
}

void add_store_metrics(Metrics& metrics, store::Database& db) {
  metrics.add_collector([&db](std::string& out) {
    const auto stats = db.pool().stats();
    append_gauge(out, "yibao_store_pool_size", "Sessions in the store pool.", stats.size);
    append_gauge(out, "yibao_store_pool_in_use", "Store sessions lent out now.", stats.in_use);
    append_counter(out, "yibao_store_pool_acquired_total", "Store sessions lent out.",
                   static_cast<double>(stats.acquired_total));
    append_counter(out, "yibao_store_pool_waits_total", "Acquisitions that had to wait for a session.",
                   static_cast<double>(stats.waited_total));
    append_counter(out, "yibao_store_pool_timeouts_total", "Acquisitions that gave up waiting.",
                   static_cast<double>(stats.timeouts_total));
    append_counter(out, "yibao_store_pool_wait_seconds_total", "Time spent waiting for a session.",
                   stats.wait_seconds_total);
    append_counter(out, "yibao_store_tx_retries_total", "Transactions retried after a serialization failure, deadlock or busy store.",
                   static_cast<double>(db.retries_total()));
    append_counter(out, "yibao_store_replica_fallbacks_total", "Replica reads answered by the primary because the standby was unavailable.",
                   static_cast<double>(db.replica_fallbacks_total()));
  });
}

}  // namespace yibao::http
