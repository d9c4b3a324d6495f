// The SQLite writers' queue: whoever asked first gets the lock first.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/fifo_mutex.h"

namespace yibao::store {
namespace {

TEST(FifoMutex, HandsItselfOverInArrivalOrder) {
  FifoMutex mutex;
  std::vector<int> order;
  mutex.lock();
  std::vector<std::thread> writers;
  for (int i = 0; i < 6; ++i) {
    writers.emplace_back([&, i] {
      mutex.lock();
      order.push_back(i);
      mutex.unlock();
    });
    // Start the next writer only once this one holds its ticket (the holder + i + 1 waiting).
    while (mutex.queued() < static_cast<std::uint64_t>(i + 2)) std::this_thread::yield();
  }
  mutex.unlock();
  for (auto& w : writers) w.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(mutex.queued(), 0u);
}

TEST(FifoMutex, ManyWritersTakingTurnsNeverOverlapAndNoneIsLeftWaiting) {
  // Each hand-over wakes only the next ticket's waiter: every turn must still be taken once.
  FifoMutex mutex;
  long long shared = 0;  // deliberately unsynchronised but for the mutex
  int inside = 0, overlaps = 0;
  std::vector<std::thread> writers;
  for (int t = 0; t < 12; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        mutex.lock();
        if (++inside != 1) ++overlaps;
        ++shared;
        --inside;
        mutex.unlock();
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(shared, 12 * 300);
  EXPECT_EQ(overlaps, 0);
  EXPECT_EQ(mutex.queued(), 0u);
}

}  // namespace
}  // namespace yibao::store
