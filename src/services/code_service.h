#pragma once
// The dynamic code (医保码, domain.md §6): issuing it to the person (or, later, to a family
// holder showing a member's code) and the institution's decode (ec.query), which hands back
// an ecToken usable as mdtrt_cert_no (type 01). Every decode is recorded, successful or not.
//
// A code is spent when an institution decodes it for a payment (businessType 01301 结算 or
// 02121 药店购药): a screenshot cannot pay twice. Settlement (issue 7) consumes the ecToken the
// same way. Decodes for registration, exams and the like do not spend the code.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/institution_auth.h"
#include "services/service_context.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

struct IssuedCode {
  std::string token;
  std::chrono::system_clock::time_point issued_at;
  std::chrono::system_clock::time_point expires_at;
  int ttl_seconds = 60;
};

struct DecodeRequest {
  std::string ec_qr_code;
  std::string business_type;
  std::string operator_id;
  std::string operator_name;
  std::string office_id;
  std::string office_name;
  std::string device_type;
};

struct DecodeResult {
  store::PersonRow person;
  std::string insured_admdvs;  // insuOrg: the current enrolment's region
  std::string ec_token;
  std::string ec_index_no;
  bool shown_by_family = false;
};

inline constexpr std::chrono::hours kEcTokenLifetime{12};
inline constexpr std::chrono::seconds kMaxCodeTtl{600};  // the largest qr_ttl_seconds a policy may set

bool is_known_business_type(const std::string& code);
bool business_type_spends_code(const std::string& code);
std::string_view business_type_label(const std::string& code);

class CodeService {
 public:
  explicit CodeService(ServiceContext& ctx) : ctx_(ctx) {}

  // A family-shown code (shown_by != 0) is refused at decode when the binding is no longer
  // active (FAMILY_NOT_BOUND) or when the member's family_use_scope excludes the institution's
  // region (FAMILY_OUT_OF_USE_SCOPE).
  // The person's own code: CREDENTIAL_* / ENROLMENT_MISSING / PIN_NOT_SET refusals first.
  core::Result<IssuedCode> issue_own(std::int64_t person_id);
  // A bound member's code, shown by the holder (the token records who showed it):
  // FAMILY_NOT_BOUND without an active binding, then the member's own refusals.
  core::Result<IssuedCode> issue_for_member(std::int64_t holder, std::int64_t member_person_id);

  // `nonce` (optional): the request's TIF nonce, spent in the decode's own transaction.
  core::Result<DecodeResult> decode(const store::InstitutionRow& institution, const DecodeRequest& request,
                                    TifNonce* nonce = nullptr);

  std::vector<store::DecodeRow> decodes_of(std::int64_t person_id, int limit = 50);

 private:
  core::Result<IssuedCode> issue(std::int64_t person_id, std::int64_t shown_by);
  ServiceContext& ctx_;
};

}  // namespace yibao::services
