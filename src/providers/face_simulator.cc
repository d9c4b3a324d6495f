#include "providers/face_simulator.h"

#include <array>
#include <stdexcept>
#include <utility>

#include <sodium.h>

namespace yibao::providers {
namespace {

using core::Error;
using core::Reason;

// 128 random bits from libsodium, as 32 lowercase hex characters (URL-safe).
std::string random_ticket() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data(), 2 * bytes.size());
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

FaceSimulator::FaceSimulator(const core::Clock& clock, FaceSimulatorOptions options)
    : clock_(clock), options_(std::move(options)) {
  // Infrastructure, not input: without a working random source no ticket can be issued.
  if (sodium_init() < 0) throw std::runtime_error("libsodium 初始化失败");
}

core::Result<FaceCheckTicket> FaceSimulator::start(const FaceCheckRequest& request) {
  if (request.id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "id_number"};
  if (request.name.empty()) return Error{Reason::FIELD_MISSING, {}, "name"};

  Check check;
  check.result.id_number = request.id_number;
  check.result.name = request.name;
  if (options_.auto_complete) {
    check.result.outcome = FaceOutcome::failed;
    if (contains(request.name, "测试失败")) {
      check.result.failure = FaceFailure::mismatch;
    } else if (contains(request.name, "活体失败")) {
      check.result.failure = FaceFailure::no_live_face;
    } else if (contains(request.name, "照片失败")) {
      check.result.failure = FaceFailure::photo_unavailable;
    } else {
      check.result.outcome = FaceOutcome::passed;
    }
  }

  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  forget_stale_locked(now);
  check.expires_at = now + options_.ttl;
  FaceCheckTicket ticket{random_ticket(), {}, check.expires_at};
  ticket.verify_url = options_.verify_url_base + "/" + ticket.ticket;
  checks_.emplace(ticket.ticket, std::move(check));
  return ticket;
}

core::Result<FaceCheckResult> FaceSimulator::result(const std::string& ticket) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  forget_stale_locked(now);
  const auto it = checks_.find(ticket);
  if (it == checks_.end()) return Reason::FACE_TICKET_UNKNOWN;
  FaceCheckResult out = it->second.result;
  if (now >= it->second.expires_at) {
    out.outcome = FaceOutcome::failed;
    out.failure = FaceFailure::expired;
  }
  return out;
}

core::Status FaceSimulator::complete(const std::string& ticket, std::string_view sample) {
  FaceOutcome outcome = FaceOutcome::failed;
  FaceFailure failure = FaceFailure::none;
  if (sample == "pass") {
    outcome = FaceOutcome::passed;
  } else if (sample == "mismatch") {
    failure = FaceFailure::mismatch;
  } else if (sample == "no_live_face") {
    failure = FaceFailure::no_live_face;
  } else if (sample == "photo_unavailable") {
    failure = FaceFailure::photo_unavailable;
  } else {
    return Error{Reason::FIELD_INVALID, "sample 应为 pass、mismatch、no_live_face 或 photo_unavailable", "sample"};
  }

  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  forget_stale_locked(now);
  const auto it = checks_.find(ticket);
  if (it == checks_.end()) return Reason::FACE_TICKET_UNKNOWN;
  if (now >= it->second.expires_at) return Reason::FACE_EXPIRED;
  if (it->second.result.outcome != FaceOutcome::pending) {
    return Error{Reason::FIELD_INVALID, "该人脸识别已有结果，请重新发起", "ticket"};
  }
  it->second.result.outcome = outcome;
  it->second.result.failure = failure;
  return core::Status::Ok();
}

void FaceSimulator::forget_stale_locked(core::TimePoint now) {
  std::erase_if(checks_, [&](const auto& entry) { return now >= entry.second.expires_at + options_.ttl; });
}

}  // namespace yibao::providers
