#include "http/metrics.h"

#include <cstdio>

namespace yibao::http {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Bucket bounds as people write them ("0.005", not "0.0050000000000000001").
std::string bucket_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Label values are route patterns and methods we define, but escape anyway.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe(const std::string& route, const std::string& method, unsigned status, double seconds) {
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  auto& s = series_[Key{route, method, status}];
  if (bucket < kBuckets.size()) ++s.buckets[bucket];
  ++s.count;
  s.sum += seconds;
}

void Metrics::observe_store_work(const std::string& route, std::uint64_t statements, std::uint64_t commits) {
  if (statements == 0 && commits == 0) return;
  std::lock_guard lock(mutex_);
  auto& sums = store_work_[route];
  sums.statements += statements;
  sums.commits += commits;
}

void Metrics::add_collector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::string out;
  std::map<Key, Series> snapshot;
  std::map<std::string, StoreWorkSums> store_work;
  std::vector<std::function<void(std::string&)>> collectors;
  {
    std::lock_guard lock(mutex_);
    snapshot = series_;
    store_work = store_work_;
    collectors = collectors_;
  }
  out += "# HELP yibao_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
  out += "# TYPE yibao_http_requests_total counter\n";
  for (const auto& [key, s] : snapshot) {
    const auto& [route, method, status] = key;
    out += "yibao_http_requests_total{route=\"" + label(route) + "\",method=\"" + method + "\",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(s.count) + "\n";
  }
  out += "# HELP yibao_http_request_duration_seconds Time from the request's first byte read to the response written.\n";
  out += "# TYPE yibao_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : snapshot) {
    const auto& [route, method, status] = key;
    const std::string labels =
        "route=\"" + label(route) + "\",method=\"" + method + "\",status=\"" + std::to_string(status) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += s.buckets[i];
      out += "yibao_http_request_duration_seconds_bucket{" + labels + ",le=\"" + bucket_label(kBuckets[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "yibao_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(s.count) + "\n";
    out += "yibao_http_request_duration_seconds_sum{" + labels + "} " + number(s.sum) + "\n";
    out += "yibao_http_request_duration_seconds_count{" + labels + "} " + std::to_string(s.count) + "\n";
  }
  append_gauge(out, "yibao_http_connections_active", "Open client connections.",
               static_cast<double>(connections_active.load()));
  append_counter(out, "yibao_http_connections_total", "Client connections accepted.",
                 static_cast<double>(connections_total.load()));
  append_gauge(out, "yibao_http_requests_in_flight", "Requests being handled now.",
               static_cast<double>(requests_in_flight.load()));
  out += "# HELP yibao_http_store_statements_total Store statements (BEGIN and COMMIT included) sent by requests, by route pattern.\n";
  out += "# TYPE yibao_http_store_statements_total counter\n";
  for (const auto& [route, sums] : store_work) {
    out += "yibao_http_store_statements_total{route=\"" + label(route) + "\"} " + std::to_string(sums.statements) + "\n";
  }
  out += "# HELP yibao_http_store_commits_total Durable store commits made by requests, by route pattern.\n";
  out += "# TYPE yibao_http_store_commits_total counter\n";
  for (const auto& [route, sums] : store_work) {
    out += "yibao_http_store_commits_total{route=\"" + label(route) + "\"} " + std::to_string(sums.commits) + "\n";
  }
  for (const auto& collector : collectors) collector(out);
  return out;
}

void append_gauge(std::string& out, const std::string& name, const std::string& help, double value) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " + number(value) + "\n";
}

void append_counter(std::string& out, const std::string& name, const std::string& help, double value) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + number(value) + "\n";
}

}  // namespace yibao::http
