#pragma once
// The services the endpoint groups call, built once by `serve`.

#include "http/api/api_support.h"
#include "providers/face_simulator.h"
#include "services/account_service.h"
#include "services/agency_admin_service.h"
#include "services/agency_service.h"
#include "services/mutual_aid_service.h"
#include "services/code_service.h"
#include "services/contribution_service.h"
#include "services/credential_service.h"
#include "services/family_service.h"
#include "services/service_context.h"
#include "services/session_service.h"

namespace yibao::http::api {

struct ApiDeps {
  services::ServiceContext& ctx;
  services::SessionService& sessions;
  services::CredentialService& credentials;
  services::CodeService& codes;
  services::AgencyService& agency;
  services::AccountService& accounts;
  services::MutualAidService& mutual_aid;
  services::ContributionService& contributions;
  services::AgencyAdminService& agency_admin;
  providers::FaceSimulator* face_simulator = nullptr;  // set when the simulator is the face provider
};

// Runs `fn(principal)` for an authenticated person, or answers the authentication error.
template <class F>
Response as_person(ApiDeps& deps, Request& request, F&& fn) {
  auto principal = authenticate(deps.sessions, request, services::SubjectKind::person);
  if (!principal) return error_response(principal.error(), request.request_id);
  return fn(*principal);
}

// Runs `fn(staff)` for an authenticated agency staff member, or answers the error.
template <class F>
Response as_staff(ApiDeps& deps, Request& request, F&& fn) {
  auto principal = authenticate(deps.sessions, request, services::SubjectKind::staff);
  if (!principal) return error_response(principal.error(), request.request_id);
  auto staff = deps.agency.staff(principal->subject_id);
  if (!staff) return error_response(staff.error(), request.request_id);
  return fn(*staff);
}

// Runs `fn(holder, member_person_id)` when the authenticated person holds an active 亲情账户
// binding of the path's {member_id} — acting for the member, never with the holder's own money;
// FAMILY_NOT_BOUND otherwise (also for a malformed id: it names no member of theirs).
template <class F>
Response as_holder_of(ApiDeps& deps, Request& request, F&& fn) {
  return as_person(deps, request, [&](const services::Principal& holder) -> Response {
    const auto member = path_id(request, "member_id");
    if (!member) return error_response(core::Error{core::Reason::FAMILY_NOT_BOUND}, request.request_id);
    auto bound = deps.ctx.db.read([&](store::Tx& tx) { return services::require_active_binding(tx, holder.subject_id, *member); });
    if (!bound) return error_response(bound.error(), request.request_id);
    return fn(holder, *member);
  });
}

// Runs `fn(staff, person_id)` for staff of the region of the path's {psn_no}
// (AgencyService::person checks the region and audits the look as `what`), or answers the refusal.
template <class F>
Response as_staff_on(ApiDeps& deps, Request& request, const std::string& what, F&& fn) {
  return as_staff(deps, request, [&](const store::StaffRow& staff) -> Response {
    auto subject = deps.agency.person(staff, request.path_param("psn_no"), what);
    if (!subject) return error_response(subject.error(), request.request_id);
    return fn(staff, subject->person.id);
  });
}

}  // namespace yibao::http::api
