#pragma once
// 亲情账户 for citizens (/api/v1/me/family/...): starting a binding by ID number or birth
// certificate, its steps (承诺书 PDF and signature, 告知书, 户口簿 uploads, face check), completing
// it, both sides' lists with unbinding reasons, unbinding, diagnose, and acting for a bound member
// (credential, PIN, code, contributions). For staff: a person's bindings and forced unbinding
// (/api/agency/v1/persons/{psn_no}/family-bindings...).

#include "http/api/api_deps.h"
#include "http/router.h"
#include "services/family_service.h"

namespace yibao::http::api {

void add_family_routes(Router& router, ApiDeps& deps, services::FamilyService& family);

}  // namespace yibao::http::api
