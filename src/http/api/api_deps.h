#pragma once
// The services the endpoint groups call, built once by `serve`.

#include "providers/face_simulator.h"
#include "services/account_service.h"
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
  providers::FaceSimulator* face_simulator = nullptr;  // set when the simulator is the face provider
};

}  // namespace yibao::http::api
