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

}  // namespace yibao::http::api
