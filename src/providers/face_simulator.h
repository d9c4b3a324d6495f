#pragma once
// The local face-verification simulator: the default provider for development, tests and
// `make run`. Documented test inputs (docs/providers/face.md) decide the outcome:
//
// * Two-step mode (default): start() returns a pending ticket; the "phone" then calls
//   complete(ticket, sample) with sample "pass", "mismatch", "no_live_face" or
//   "photo_unavailable". Until then result() reports pending.
// * auto_complete mode: the check is decided at start(), so automated flows and demos need no
//   second step. It passes, except for these magic names: a name containing "测试失败" fails
//   with mismatch, "活体失败" with no_live_face, "照片失败" with photo_unavailable.
//
// A ticket lives `ttl` (default 10 minutes) from start() on the injected clock; after that
// result() reports failed/expired, whatever happened before (the platform must fetch a result
// within the TTL), and complete() is refused with FACE_EXPIRED. Tickets that expired more than
// another `ttl` ago are forgotten (then FACE_TICKET_UNKNOWN).
//
// State is in memory and lives in ONE process only: a ticket started by one `yibao serve`
// instance is unknown to another. That is fine for tests and `make run` (one process); a
// multi-instance deployment uses a real provider (FaceHttpClient), which keeps the state.
//
// Thread-safe: every member function may be called from any thread.

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "providers/face_provider.h"

namespace yibao::providers {

struct FaceSimulatorOptions {
  bool auto_complete = false;
  std::chrono::seconds ttl{std::chrono::minutes{10}};
  // verify_url = verify_url_base + "/" + ticket. The simulator serves nothing there; a dev
  // page (or a test) calls complete() instead of a real provider's liveness check.
  std::string verify_url_base = "/dev/face-simulator";
};

class FaceSimulator final : public FaceProvider {
 public:
  // `clock` must outlive the simulator.
  explicit FaceSimulator(const core::Clock& clock, FaceSimulatorOptions options = {});

  core::Result<FaceCheckTicket> start(const FaceCheckRequest& request) override;
  core::Result<FaceCheckResult> result(const std::string& ticket) override;

  // What the phone submits. FACE_TICKET_UNKNOWN, FACE_EXPIRED, FIELD_INVALID (field "sample")
  // for an unknown sample, FIELD_INVALID (field "ticket") if the check was already decided:
  // an outcome is final, a failed check is retried with a new start().
  core::Status complete(const std::string& ticket, std::string_view sample);

 private:
  struct Check {
    FaceCheckResult result;
    core::TimePoint expires_at;
  };

  void forget_stale_locked(core::TimePoint now);

  const core::Clock& clock_;
  const FaceSimulatorOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Check> checks_;  // guarded by mutex_
};

}  // namespace yibao::providers
