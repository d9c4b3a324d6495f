#pragma once
// Face verification as the use cases need it: start a check bound to one person and one
// purpose, and later take its result exactly once. The provider is asked outside any database
// transaction (it is a network call); a failure is recorded at once (it counts toward the
// 24-hour offline-activation rule even though the request that saw it is refused).

#include <string>

#include "core/result.h"
#include "providers/face_provider.h"
#include "services/service_context.h"

namespace yibao::services {

class FaceChecks {
 public:
  explicit FaceChecks(ServiceContext& ctx) : ctx_(ctx) {}

  core::Result<providers::FaceCheckTicket> start(const std::string& id_number, const std::string& name,
                                                 providers::FacePurpose purpose, const std::string& channel);

  // OK when the ticket was started for `id_number` and `purpose`, is unused, and passed. The
  // caller then marks it used inside its own transaction with mark_used().
  core::Status check_passed(const std::string& ticket, const std::string& id_number, providers::FacePurpose purpose);

  // False if someone else used it first (then refuse with FACE_TICKET_USED).
  static bool mark_used(store::Tx& tx, const std::string& ticket, std::int64_t now_us);

 private:
  void record_failure(const std::string& ticket, const std::string& id_number, providers::FaceFailure failure);
  ServiceContext& ctx_;
};

}  // namespace yibao::services
