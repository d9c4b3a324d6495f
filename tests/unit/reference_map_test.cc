// The reference cache's map on its own: a copy is served only under the generation it was
// loaded under and before it expires, and a full map starts again empty.
#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "store/reference_cache.h"

namespace yibao::store {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

TEST(ReferenceMap, ServesACopyUnderItsGenerationUntilItExpires) {
  ReferenceMap<std::optional<std::string>> map(16);
  const auto t0 = steady_clock::now();
  map.keep("k", std::string("v"), 3, t0 + seconds(5));
  ASSERT_TRUE(map.find("k", 3, t0).has_value());
  EXPECT_EQ(**map.find("k", 3, t0 + seconds(4)), "v");
  EXPECT_FALSE(map.find("k", 3, t0 + seconds(5)).has_value()) << "expired";
  EXPECT_FALSE(map.find("k", 4, t0).has_value()) << "a newer generation: something changed since";
  EXPECT_FALSE(map.find("other", 3, t0).has_value());
}

TEST(ReferenceMap, RemembersAMissAsAnEmptyValue) {
  ReferenceMap<std::optional<std::string>> map(16);
  const auto t0 = steady_clock::now();
  map.keep("absent", std::nullopt, 0, t0 + seconds(5));
  const auto hit = map.find("absent", 0, t0);
  ASSERT_TRUE(hit.has_value()) << "the miss itself is cached";
  EXPECT_FALSE(hit->has_value());
}

TEST(ReferenceMap, ACopyLoadedUnderAnOlderGenerationIsNeverServed) {
  // A reader whose transaction began before a writer's commit keeps what it read under the
  // generation it saw at BEGIN; after the writer's bump that copy is dead.
  ReferenceMap<std::optional<std::string>> map(16);
  const auto t0 = steady_clock::now();
  map.keep("k", std::string("old"), 7, t0 + seconds(5));
  EXPECT_FALSE(map.find("k", 8, t0).has_value());
}

TEST(ReferenceMap, AFullMapStartsAgainEmpty) {
  ReferenceMap<std::optional<int>> map(3);
  const auto t0 = steady_clock::now();
  for (int i = 0; i < 3; ++i) map.keep("k" + std::to_string(i), i, 0, t0 + seconds(5));
  map.keep("k1", 10, 0, t0 + seconds(5));  // replacing a key does not count as growth
  EXPECT_EQ(**map.find("k0", 0, t0), 0);
  EXPECT_EQ(**map.find("k1", 0, t0), 10);
  map.keep("k3", 3, 0, t0 + seconds(5));
  EXPECT_FALSE(map.find("k0", 0, t0).has_value());
  EXPECT_EQ(**map.find("k3", 0, t0), 3);
}

TEST(ReferenceCache, BumpingTheGenerationRetiresEveryCopy) {
  ReferenceCache cache;
  const auto t0 = steady_clock::now();
  const auto before = cache.generation();
  cache.policies.keep("440305/440300/440000", std::nullopt, before, t0 + seconds(5));
  ASSERT_TRUE(cache.policies.find("440305/440300/440000", cache.generation(), t0).has_value());
  cache.bump();
  EXPECT_NE(cache.generation(), before);
  EXPECT_FALSE(cache.policies.find("440305/440300/440000", cache.generation(), t0).has_value());
}

}  // namespace
}  // namespace yibao::store
