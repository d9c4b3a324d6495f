#pragma once
// The e-credential use cases (domain.md §4–§5): face checks, activation per channel, login,
// the PIN and its lockout, removing a channel, switching the current enrolment. Each runs the
// rules of src/domain inside one transaction; provider calls and argon2 hashing happen outside
// transactions so they never hold the store's write lock.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "providers/face_provider.h"
#include "services/face_checks.h"
#include "services/person_loader.h"
#include "services/session_service.h"

namespace yibao::services {

struct ActivateRequest {
  std::string channel;
  std::string id_number;
  std::string name;
  std::string face_ticket;
  std::string pin;
  std::optional<std::string> phone;           // with login_password: creates the app account (app channel)
  std::optional<std::string> login_password;
};

struct ActivationResult {
  std::string psn_no;
  bool first_activation = false;
  IssuedSession session;
};

class CredentialService {
 public:
  CredentialService(ServiceContext& ctx, SessionService& sessions) : ctx_(ctx), sessions_(sessions), faces_(ctx) {}

  // Starts a face check for a real-name identity (refuses unknown persons up front).
  core::Result<providers::FaceCheckTicket> start_face_check(const std::string& channel, const std::string& id_number,
                                                            const std::string& name, providers::FacePurpose purpose);
  // Starts a face check for a logged-in person (PIN reset).
  core::Result<providers::FaceCheckTicket> start_own_face_check(std::int64_t person_id, const std::string& channel,
                                                                providers::FacePurpose purpose);

  core::Result<ActivationResult> activate(const ActivateRequest& request);

  core::Result<IssuedSession> login_with_account(const std::string& channel, const std::string& phone,
                                                 const std::string& password);
  core::Result<IssuedSession> login_with_face(const std::string& channel, const std::string& id_number,
                                              const std::string& name, const std::string& face_ticket);

  core::Status verify_pin(std::int64_t person_id, const std::string& pin);
  core::Status reset_pin(std::int64_t person_id, const std::string& face_ticket, const std::string& new_pin);

  // 移除凭证: ends that channel's sessions.
  core::Status remove_channel(std::int64_t person_id, const std::string& channel);
  // 缴费地切换.
  core::Status switch_enrolment(std::int64_t person_id, std::int64_t enrolment_id);

  // Refuses with the first rule that stops this person from using the credential now.
  core::Status require_usable(std::int64_t person_id);

  // Checks a 6-digit PIN against a subject's credential inside `tx`, counting failures
  // (the count is committed even though the caller then refuses).
  struct PinOutcome {
    std::optional<core::Error> refused;
  };

 private:
  core::Result<IssuedSession> finish_login(const Subject& loaded, const std::string& channel,
                                           const std::optional<std::string>& face_ticket);
  ServiceContext& ctx_;
  SessionService& sessions_;
  FaceChecks faces_;
};

// Login passwords: at least 8 characters with letters and digits.
core::Status check_login_password(const std::string& password);
// Mainland mobile numbers: 11 digits starting with 1.
core::Status check_phone(const std::string& phone);

}  // namespace yibao::services
