#pragma once
// In-process copies of the reference rows that every institution call reads — an
// institution's key and status, a region's policy row, catalogue items — so that a
// settlement's seven calls do not ask the database for the same rows again and again.
//
// They change rarely and only through a few repository writers, which mark their transaction
// (Tx::reference_data_changed). When such a transaction ends, the database bumps the cache's
// generation, and a copy taken under an older generation is never served again. A copy is
// tagged with the generation read *before* its transaction began, so a reader whose snapshot
// predates a writer's commit cannot keep the old row under the new generation. Copies also
// expire after kReferenceTtl: that bounds how long a change made by another process on the same
// store (a second server, a `yibao` command) stays unseen here.
//
// A transaction that changed reference rows itself reads them from the database (its own
// uncommitted rows must neither be missed nor shared).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/admin_repo.h"
#include "store/catalogue_repo.h"
#include "store/database.h"
#include "store/institution_repo.h"

namespace yibao::store {

inline constexpr std::chrono::seconds kReferenceTtl{5};

// One kind of reference row by key. Thread-safe.
template <class Value>
class ReferenceMap {
 public:
  // Keys come from trusted rows or from authenticated callers, but memory stays bounded: a full
  // map starts again empty.
  explicit ReferenceMap(std::size_t max_entries) : max_entries_(max_entries) {}

  std::optional<Value> find(const std::string& key, std::uint64_t generation,
                            std::chrono::steady_clock::time_point now) const {
    std::shared_lock lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != generation || now >= it->second.expires) return std::nullopt;
    return it->second.value;
  }

  void keep(const std::string& key, Value value, std::uint64_t generation,
            std::chrono::steady_clock::time_point expires) {
    std::unique_lock lock(mutex_);
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
    entries_.insert_or_assign(key, Entry{std::move(value), generation, expires});
  }

 private:
  struct Entry {
    Value value;
    std::uint64_t generation;
    std::chrono::steady_clock::time_point expires;
  };
  const std::size_t max_entries_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// One per Database (database.h holds it by pointer: this header needs the repositories' rows).
// The maps hold optionals: a region without a policy row is worth remembering too
// (InstitutionRepo keeps only institutions that exist, as unknown codes come from anyone who
// sends a request).
class ReferenceCache {
 public:
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  void bump() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  ReferenceMap<std::optional<InstitutionRow>> institutions{4096};
  ReferenceMap<std::optional<PolicyRow>> policies{4096};
  // By "place/code": a national catalogue holds tens of thousands of items.
  ReferenceMap<std::optional<CatalogueItem>> catalogue{65536};

 private:
  std::atomic<std::uint64_t> generation_{0};
};

enum class KeepMisses { no, yes };

// The row of `key` from the transaction's cache, or load() read in the transaction and kept.
template <class Row, class Load>
std::optional<Row> read_through(Tx& tx, ReferenceMap<std::optional<Row>>& map, const std::string& key,
                                KeepMisses keep_misses, Load&& load) {
  ReferenceCache* cache = tx.reference_cache();
  if (cache == nullptr || tx.reference_changed()) return load();
  const auto now = std::chrono::steady_clock::now();
  if (auto hit = map.find(key, cache->generation(), now)) return std::move(*hit);
  std::optional<Row> row = load();
  if (row || keep_misses == KeepMisses::yes) map.keep(key, row, tx.reference_generation(), now + kReferenceTtl);
  return row;
}

// The same for many keys at once: each from the cache under "scope/key", the keys it lacks read
// together by load(missing keys) — a map of the rows found — and kept, those not found as absent
// (KeepMisses::yes). The answer holds the rows found, by key.
template <class Row, class Load>
std::map<std::string, Row> read_through_many(Tx& tx, ReferenceMap<std::optional<Row>>& map, const std::string& scope,
                                             const std::vector<std::string>& keys, Load&& load) {
  ReferenceCache* cache = tx.reference_cache();
  if (cache == nullptr || tx.reference_changed()) return load(keys);
  const auto now = std::chrono::steady_clock::now();
  const auto generation = cache->generation();
  const auto scoped = [&](const std::string& key) { return scope + '/' + key; };
  std::map<std::string, Row> out;
  std::vector<std::string> missing;
  for (const auto& key : keys) {
    if (auto hit = map.find(scoped(key), generation, now)) {
      if (*hit) out.emplace(key, std::move(**hit));
    } else {
      missing.push_back(key);
    }
  }
  if (missing.empty()) return out;
  std::map<std::string, Row> found = load(missing);
  for (const auto& key : missing) {
    const auto it = found.find(key);
    map.keep(scoped(key), it == found.end() ? std::nullopt : std::optional<Row>(it->second), tx.reference_generation(),
             now + kReferenceTtl);
  }
  out.merge(found);
  return out;
}

}  // namespace yibao::store
