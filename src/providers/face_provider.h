#pragma once
// Face verification (人脸识别) by an external provider (domain.md §2, §5).
//
// The flow: the platform start()s a check for a person and gets a ticket; the person's phone
// completes the liveness check with the provider at verify_url (outside our server); the
// platform then asks for the result() of the ticket: pending / passed / failed.
//
// A result is bound to the person the check was started for. Callers must keep the ticket
// together with the person and purpose they started it for, and accept a result only through
// require_passed(result, expected_id_number): a ticket started for person A never activates B.
//
// Implementations: FaceSimulator (local, development and tests) and FaceHttpClient (a real
// provider over HTTP, contract in docs/providers/face.md). Both are safe to call from many
// threads.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::providers {

enum class FacePurpose { activation, login, pin_reset, member_binding };

struct FaceCheckRequest {
  std::string id_number;  // the person to verify (GB 11643, already validated by the caller)
  std::string name;
  FacePurpose purpose = FacePurpose::activation;
  std::string channel;    // the request's channel (app, wechat, alipay, …)
};

struct FaceCheckTicket {
  std::string ticket;      // opaque, URL-safe; a bearer secret: never log it
  std::string verify_url;  // where the phone completes the check
  std::chrono::system_clock::time_point expires_at;
};

enum class FaceOutcome { pending, passed, failed };
enum class FaceFailure { none, mismatch, no_live_face, photo_unavailable, expired };

struct FaceCheckResult {
  FaceOutcome outcome = FaceOutcome::pending;
  FaceFailure failure = FaceFailure::none;  // none unless outcome == failed
  std::string id_number;                    // whom the check was started for
  std::string name;
};

class FaceProvider {
 public:
  virtual ~FaceProvider() = default;
  // FIELD_MISSING for an empty id_number or name; FACE_PROVIDER_UNAVAILABLE if the provider
  // cannot be reached.
  virtual core::Result<FaceCheckTicket> start(const FaceCheckRequest& request) = 0;
  // FACE_TICKET_UNKNOWN for a ticket the provider does not know; FACE_PROVIDER_UNAVAILABLE if
  // it cannot be reached. A pending or failed check is a successful call with that outcome.
  virtual core::Result<FaceCheckResult> result(const std::string& ticket) = 0;
};

// Wire names: "activation" / "login" / "pin_reset" / "member_binding".
std::string_view to_string(FacePurpose purpose);
std::optional<FacePurpose> face_purpose_from_string(std::string_view text);
// "none" / "mismatch" / "no_live_face" / "photo_unavailable" / "expired".
std::string_view to_string(FaceFailure failure);
std::optional<FaceFailure> face_failure_from_string(std::string_view text);

// The person-facing reason of a failure: FACE_MISMATCH, FACE_NO_LIVE_FACE,
// FACE_PHOTO_UNAVAILABLE, FACE_EXPIRED. `none` is not a failure: INTERNAL_ERROR.
core::Reason reason_for(FaceFailure failure);

// The one gate callers use: OK only if the check passed for `expected_id_number` (compared
// case-insensitively on the check character X). FACE_PENDING while pending, the failure's
// reason when failed, FACE_MISMATCH when the check belongs to another person.
core::Status require_passed(const FaceCheckResult& result, std::string_view expected_id_number);

}  // namespace yibao::providers
