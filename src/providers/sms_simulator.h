#pragma once
// The local SMS simulator: the default gateway for development, tests and `make run`
// (docs/providers/sms.md). Instead of sending, it appends one JSON line per accepted message to
// a log file:
//
//   {"ts":"2024-03-01T04:05:06.789Z","phone":"13800138000","template_code":"VERIFY_CODE","text":"…"}
//
// (`ts` RFC 3339 UTC on the injected clock). The parent directories are created; a new file is
// created readable by its owner only (the text may hold verification codes). The text is
// written nowhere else. Each send() evaluates, in order:
//
// 1. validate_message() (FIELD_MISSING);
// 2. an outage injected with fail_next(n): each of the next n sends fails with
//    SMS_PROVIDER_UNAVAILABLE and is not logged (so tests can exercise retries);
// 3. a phone that is not 11 digits starting with '1', or that starts with "170" →
//    SMS_REJECTED, not logged;
// 4. otherwise the line is appended (SMS_PROVIDER_UNAVAILABLE if the file cannot be written).
//
// Thread-safe: lines from concurrent sends never interleave.

#include <filesystem>
#include <mutex>

#include "core/clock.h"
#include "providers/sms_provider.h"

namespace yibao::providers {

class SmsSimulator final : public SmsProvider {
 public:
  // `clock` must outlive the simulator. Creates the log file's parent directories; throws
  // std::filesystem::filesystem_error if it cannot.
  SmsSimulator(const core::Clock& clock, std::filesystem::path log_path);

  core::Status send(const SmsMessage& message) override;

  // The next `count` sends (after validate_message) fail with SMS_PROVIDER_UNAVAILABLE.
  // Replaces any count still pending; 0 ends an injected outage.
  void fail_next(int count);

  const std::filesystem::path& log_path() const { return log_path_; }

 private:
  const core::Clock& clock_;
  const std::filesystem::path log_path_;
  std::mutex mutex_;
  int failures_left_ = 0;  // guarded by mutex_
};

}  // namespace yibao::providers
