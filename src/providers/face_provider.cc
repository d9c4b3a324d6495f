#include "providers/face_provider.h"

namespace yibao::providers {
namespace {

using core::Reason;

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool same_id_number(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(FacePurpose purpose) {
  switch (purpose) {
    case FacePurpose::activation: return "activation";
    case FacePurpose::login: return "login";
    case FacePurpose::pin_reset: return "pin_reset";
    case FacePurpose::member_binding: return "member_binding";
  }
  return "activation";
}

std::optional<FacePurpose> face_purpose_from_string(std::string_view text) {
  for (auto p : {FacePurpose::activation, FacePurpose::login, FacePurpose::pin_reset, FacePurpose::member_binding}) {
    if (to_string(p) == text) return p;
  }
  return std::nullopt;
}

std::string_view to_string(FaceFailure failure) {
  switch (failure) {
    case FaceFailure::none: return "none";
    case FaceFailure::mismatch: return "mismatch";
    case FaceFailure::no_live_face: return "no_live_face";
    case FaceFailure::photo_unavailable: return "photo_unavailable";
    case FaceFailure::expired: return "expired";
  }
  return "none";
}

std::optional<FaceFailure> face_failure_from_string(std::string_view text) {
  for (auto f : {FaceFailure::none, FaceFailure::mismatch, FaceFailure::no_live_face, FaceFailure::photo_unavailable,
                 FaceFailure::expired}) {
    if (to_string(f) == text) return f;
  }
  return std::nullopt;
}

core::Reason reason_for(FaceFailure failure) {
  switch (failure) {
    case FaceFailure::mismatch: return Reason::FACE_MISMATCH;
    case FaceFailure::no_live_face: return Reason::FACE_NO_LIVE_FACE;
    case FaceFailure::photo_unavailable: return Reason::FACE_PHOTO_UNAVAILABLE;
    case FaceFailure::expired: return Reason::FACE_EXPIRED;
    case FaceFailure::none: break;
  }
  return Reason::INTERNAL_ERROR;
}

core::Status require_passed(const FaceCheckResult& result, std::string_view expected_id_number) {
  switch (result.outcome) {
    case FaceOutcome::pending: return Reason::FACE_PENDING;
    case FaceOutcome::failed:
      // A failed check that names no kind is still a failure, never a pass.
      return result.failure == FaceFailure::none ? Reason::FACE_MISMATCH : reason_for(result.failure);
    case FaceOutcome::passed: break;
  }
  if (!same_id_number(result.id_number, expected_id_number)) {
    return core::Error{Reason::FACE_MISMATCH, "人脸识别记录不属于当前办理人"};
  }
  return core::Status::Ok();
}

}  // namespace yibao::providers
