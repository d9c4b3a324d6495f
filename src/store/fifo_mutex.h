#pragma once
// A mutex that hands itself over in arrival order (a ticket lock). SQLite lets one writer in
// at a time; without this, the others spin in its busy handler, which sleeps 1, 2, 5, 10 … ms
// between tries, so under load a write could wait far longer than the writes ahead of it took,
// and a late arrival could overtake one that had been waiting for seconds. Queueing the
// process's writers here first makes each wait exactly as long as the queue ahead of it.

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace yibao::store {

class FifoMutex {
 public:
  void lock() {
    std::unique_lock guard(mutex_);
    const std::uint64_t ticket = next_ticket_++;
    turn_changed_.wait(guard, [&] { return serving_ == ticket; });
  }
  void unlock() {
    {
      std::lock_guard guard(mutex_);
      ++serving_;
    }
    turn_changed_.notify_all();
  }
  // Tickets taken and not yet done: the holder plus everyone waiting (0 when free).
  std::uint64_t queued() const {
    std::lock_guard guard(mutex_);
    return next_ticket_ - serving_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable turn_changed_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;
};

}  // namespace yibao::store
