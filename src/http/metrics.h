#pragma once
// Prometheus text exposition for /metrics: request counts and latency histograms per route,
// method and status, connection gauges, and whatever gauges other parts register (the store
// pool). Routes are patterns ("/api/v1/persons/{psn_no}"), never raw paths, so the series stay
// few and no identifier ever reaches a metric label.
//
// Thread-safety: observe() and render() may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace yibao::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,   5,     10};

  void observe(const std::string& route, const std::string& method, unsigned status, double seconds);
  // The store work one request of `route` did (store/store_work.h).
  void observe_store_work(const std::string& route, std::uint64_t statements, std::uint64_t commits);

  // A callback that appends complete metric families (with # HELP/# TYPE) to the exposition.
  void add_collector(std::function<void(std::string&)> collector);

  std::string render() const;

  std::atomic<std::int64_t> connections_active{0};
  std::atomic<std::int64_t> requests_in_flight{0};
  std::atomic<std::uint64_t> connections_total{0};

 private:
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Key = std::tuple<std::string, std::string, unsigned>;
  mutable std::mutex mutex_;
  std::map<Key, Series> series_;
  struct StoreWorkSums {
    std::uint64_t statements = 0;
    std::uint64_t commits = 0;
  };
  std::map<std::string, StoreWorkSums> store_work_;
  std::vector<std::function<void(std::string&)>> collectors_;
};

// Helpers for collectors.
void append_gauge(std::string& out, const std::string& name, const std::string& help, double value);
void append_counter(std::string& out, const std::string& name, const std::string& help, double value);

}  // namespace yibao::http
