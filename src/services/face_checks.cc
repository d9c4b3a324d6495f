#include "services/face_checks.h"

#include "store/credential_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

core::Result<providers::FaceCheckTicket> FaceChecks::start(const std::string& id_number, const std::string& name,
                                                           providers::FacePurpose purpose, const std::string& channel) {
  auto ticket = ctx_.face.start(providers::FaceCheckRequest{id_number, name, purpose, channel});
  if (!ticket) return ticket.error();
  ctx_.db.write([&](store::Tx& tx) {
    store::FaceCheckRow row;
    row.ticket = ticket->ticket;
    row.id_number = id_number;
    row.purpose = std::string(providers::to_string(purpose));
    row.channel = channel;
    row.started_at_us = now_us(ctx_.clock);
    store::CredentialRepo::insert_face_check(tx, row);
  });
  return ticket;
}

core::Status FaceChecks::check_passed(const std::string& ticket, const std::string& id_number,
                                      providers::FacePurpose purpose) {
  auto row = ctx_.db.read([&](store::Tx& tx) { return store::CredentialRepo::face_check(tx, ticket); });
  if (!row) return core::Error{core::Reason::FACE_TICKET_UNKNOWN, {}, "face_ticket"};
  if (row->id_number != id_number || row->purpose != providers::to_string(purpose)) {
    return core::Error{core::Reason::FACE_TICKET_MISMATCH, {}, "face_ticket"};
  }
  if (row->used_at_us) return core::Error{core::Reason::FACE_TICKET_USED, {}, "face_ticket"};

  auto result = ctx_.face.result(ticket);
  if (!result) return result.error();
  if (result->outcome == providers::FaceOutcome::pending) return core::Error{core::Reason::FACE_PENDING, {}, "face_ticket"};
  if (result->outcome == providers::FaceOutcome::failed) {
    record_failure(ticket, id_number, result->failure);
    return core::Error{providers::reason_for(result->failure), {}, "face_ticket"};
  }
  return providers::require_passed(*result, id_number);
}

bool FaceChecks::mark_used(store::Tx& tx, const std::string& ticket, std::int64_t now) {
  return store::CredentialRepo::record_face_outcome(tx, ticket, "passed", true, now);
}

void FaceChecks::record_failure(const std::string& ticket, const std::string& id_number,
                                providers::FaceFailure failure) {
  const std::int64_t now = now_us(ctx_.clock);
  ctx_.db.write([&](store::Tx& tx) {
    store::CredentialRepo::record_face_outcome(tx, ticket, std::string(providers::to_string(failure)), true, now);
    // The first failure of a run starts the 24-hour clock for offline activation.
    for (const auto& person : store::PeopleRepo::persons_by_id_number(tx, id_number)) {
      if (person.status != "active") continue;
      auto credential = store::CredentialRepo::ensure_for_person(tx, person.id, now);
      if (!credential.face_failing_since_us) {
        credential.face_failing_since_us = now;
        credential.updated_at_us = now;
        store::CredentialRepo::update(tx, credential);
      }
    }
  });
}

}  // namespace yibao::services
