#pragma once
// A mutex that hands itself over in arrival order (a ticket lock). SQLite lets one writer in
// at a time; without this, the others spin in its busy handler, which sleeps 1, 2, 5, 10 … ms
// between tries, so under load a write could wait far longer than the writes ahead of it took,
// and a late arrival could overtake one that had been waiting for seconds. Queueing the
// process's writers here first makes each wait exactly as long as the queue ahead of it.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace yibao::store {

class FifoMutex {
 public:
  void lock() {
    std::unique_lock guard(mutex_);
    const std::uint64_t ticket = next_ticket_++;
    if (serving_ == ticket) return;
    // Each waiter sleeps on a condition of its own and only the next one is woken: waking every
    // waiter on each hand-over made a dozen threads fight for two cores while the lock waited
    // for the one whose turn it was.
    Waiter me;
    waiting_.push_back(&me);  // tickets are taken under the mutex, so the queue is in ticket order
    me.turn.wait(guard, [&] { return serving_ == ticket; });
    waiting_.pop_front();  // every earlier ticket has been served and left: this one is first
  }
  void unlock() {
    std::lock_guard guard(mutex_);
    ++serving_;
    // Notified under the mutex: the waiter cannot return (and destroy its Waiter) before.
    if (!waiting_.empty()) waiting_.front()->turn.notify_one();
  }
  // Tickets taken and not yet done: the holder plus everyone waiting (0 when free).
  std::uint64_t queued() const {
    std::lock_guard guard(mutex_);
    return next_ticket_ - serving_;
  }

 private:
  struct Waiter {
    std::condition_variable turn;
  };

  mutable std::mutex mutex_;
  std::deque<Waiter*> waiting_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;
};

}  // namespace yibao::store
