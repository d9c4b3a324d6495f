// State that several yibao instances share through the store (issue 2, "stateless
// instances"): one-time keys (nonces, consumed code tokens) and rate-limit counters.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "store/one_time_keys.h"
#include "store/rate_limiter.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using namespace std::chrono_literals;
using testing::StoreTest;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kNow = TimePoint(std::chrono::seconds(1'790'000'000));

class SharedState : public StoreTest {};

TEST_P(SharedState, AOneTimeKeyIsClaimedOnlyOnce) {
  EXPECT_TRUE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", "abc", kNow, kNow + 300s); }));
  EXPECT_FALSE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", "abc", kNow + 10s, kNow + 310s); }));
  // The same key in another scope is a different key.
  EXPECT_TRUE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "code", "abc", kNow, kNow + 300s); }));
}

TEST_P(SharedState, AnExpiredKeyCanBeClaimedAgain) {
  EXPECT_TRUE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", "k", kNow, kNow + 60s); }));
  EXPECT_TRUE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", "k", kNow + 61s, kNow + 121s); }));
  EXPECT_EQ(db_->write([](Tx& tx) { return OneTimeKeys::purge_expired(tx, kNow + 200s); }), 1);
}

TEST_P(SharedState, AClaimRolledBackWithItsWorkLeavesTheKeyFree) {
  const core::Status refused = db_->write([](Tx& tx) -> core::Status {
    EXPECT_TRUE(OneTimeKeys::claim(tx, "nonce", "rolled-back", kNow, kNow + 300s));
    return core::Error{core::Reason::FIELD_INVALID};
  });
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(db_->write([](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", "rolled-back", kNow, kNow + 300s); }));
}

TEST_P(SharedState, TwoInstancesRacingForOneKeyProduceExactlyOneWinner) {
  auto other_pool = open_pool(4);
  Database other(*other_pool);
  for (int round = 0; round < 20; ++round) {
    const std::string key = "race-" + std::to_string(round);
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      Database& db = t % 2 == 0 ? *db_ : other;
      threads.emplace_back([&, key] {
        if (db.write([&](Tx& tx) { return OneTimeKeys::claim(tx, "nonce", key, kNow, kNow + 300s); })) ++winners;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1) << key;
  }
}

TEST_P(SharedState, RateLimitRefusesPastTheLimitAndSaysWhenToRetry) {
  for (int i = 1; i <= 3; ++i) {
    const auto d = db_->write([](Tx& tx) { return RateLimiter::hit(tx, "login", "13800001234", 3, 60s, kNow); });
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.hits, i);
  }
  const auto refused = db_->write([](Tx& tx) { return RateLimiter::hit(tx, "login", "13800001234", 3, 60s, kNow + 5s); });
  EXPECT_FALSE(refused.allowed);
  EXPECT_GT(refused.retry_after.count(), 0);
  EXPECT_LE(refused.retry_after.count(), 60);
  // A new window starts counting afresh.
  const auto next = db_->write([](Tx& tx) { return RateLimiter::hit(tx, "login", "13800001234", 3, 60s, kNow + 61s); });
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(next.hits, 1);
}

TEST_P(SharedState, RateLimitCountsHitsFromEveryInstance) {
  auto other_pool = open_pool(4);
  Database other(*other_pool);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    Database& db = t % 2 == 0 ? *db_ : other;
    threads.emplace_back([&db] {
      for (int i = 0; i < 10; ++i) db.write([](Tx& tx) { return RateLimiter::hit(tx, "pin", "psn-1", 1000, 3600s, kNow); });
    });
  }
  for (auto& t : threads) t.join();
  const auto last = db_->write([](Tx& tx) { return RateLimiter::hit(tx, "pin", "psn-1", 1000, 3600s, kNow); });
  EXPECT_EQ(last.hits, 41);
}

YIBAO_INSTANTIATE_STORE_TEST(SharedState);

}  // namespace
}  // namespace yibao::store
