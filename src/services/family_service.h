#pragma once
// 亲情账户 use cases (domain.md §7; issue 6): binding a member by ID number (承诺书 signed,
// 告知书 accepted, both 户口簿 pages uploaded, household-register check) or a newborn by birth
// certificate (lookup, then the mother's face check); the face rule and the limits of
// domain/family_rules.h, checked when the draft starts and again, race-safe, when it completes;
// acting for a bound member (credential, PIN, code, contributions); unbinding with its reason
// from every cause; the SMS outbox; and diagnose (every blocking rule, with remedies).
//
// Provider calls (household, birth certificate, face, SMS) happen outside transactions.
// Uploaded 户口簿 pages are stored content-addressed under `upload_dir` (outside the web
// root); a refused upload writes nothing.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/family_rules.h"
#include "providers/birth_certificate_provider.h"
#include "providers/face_provider.h"
#include "providers/household_provider.h"
#include "providers/sms_provider.h"
#include "services/code_service.h"
#include "services/contribution_service.h"
#include "services/face_checks.h"
#include "services/service_context.h"
#include "store/admin_repo.h"
#include "store/family_repo.h"

namespace yibao::services {

inline constexpr std::size_t kFamilyUploadMaxBytes = 5 * 1024 * 1024;

struct FamilyProviders {
  providers::HouseholdProvider& household;
  providers::BirthCertificateProvider& births;
  providers::SmsProvider& sms;
  std::filesystem::path upload_dir;  // content-addressed 户口簿 pages, outside the web root
};

struct StartBinding {
  std::string route;  // id_number | birth_certificate
  std::string channel = "app";
  // id_number route
  std::string name;
  std::string id_number;
  std::string relation;  // birth route: optional, default child
  // birth_certificate route
  std::string mother_name;
  std::string mother_id_number;
  std::string certificate_no;
};

struct BindingView {
  store::FamilyBindingRow row;
  std::string holder_name;
  std::string member_name_masked;
  std::string member_id_masked;
  int member_age = 0;
  bool face_required = false;
  std::vector<std::string> steps_done;
  std::vector<std::string> steps_pending;
  std::vector<store::FamilyConsentRow> consents;
  std::vector<store::FamilyUploadRow> uploads;
  std::optional<providers::BirthCertificate> certificate;  // birth route, at start: the result to show
};

struct FamilyDiagnosis {
  std::int64_t member_person_id = 0;
  bool bound = false;
  // "Why can't I use the family account for this member (here)?" — every blocking rule.
  std::vector<core::Error> use_blockers;
  // If not bound: every rule that blocks binding (again) now.
  std::vector<core::Error> binding_blockers;
};

// Ends every active binding that involves `person_id` whose member (or holder) is no longer an
// active insured person: account_cancelled (person cancelled/deceased/merged, or an enrolment
// terminated with none active) or account_expired (no active enrolment otherwise). Call inside
// every enrolment change, beside reevaluate_mutual_aid. Returns how many it ended.
int reevaluate_family(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, std::int64_t now_us);

// Ends the bindings the holder made through `channel` (移除凭证): reason credential_removed.
int unbind_for_removed_channel(store::Tx& tx, std::int64_t holder, const std::string& channel, std::int64_t now_us);

// After a region policy is saved (same transaction): holders now over their max_active_members
// lose their newest bindings, reason policy_change. Returns how many ended.
int end_bindings_over_policy(store::Tx& tx, std::int64_t now_us);

// Where an SMS to the person goes: the login account's phone, else the one on record.
std::optional<std::string> phone_of(store::Tx& tx, std::int64_t person_id);

// The member-access check the settlement / 异地就医备案 side uses: OK iff `holder` has an
// active binding to `member_person_id`; FAMILY_NOT_BOUND otherwise.
core::Status require_active_binding(store::Tx& tx, std::int64_t holder, std::int64_t member_person_id);

class FamilyService {
 public:
  FamilyService(ServiceContext& ctx, FamilyProviders providers)
      : ctx_(ctx), providers_(std::move(providers)), faces_(ctx) {}

  core::Result<BindingView> start(std::int64_t holder, const StartBinding& request);
  core::Result<BindingView> binding(std::int64_t holder, std::int64_t binding_id);
  core::Result<std::string> commitment_pdf(std::int64_t holder, std::int64_t binding_id);
  core::Status sign(std::int64_t holder, std::int64_t binding_id, const std::string& document_sha256,
                    const std::string& channel);
  core::Status accept_notice(std::int64_t holder, std::int64_t binding_id, const std::string& channel);
  // side: holder | member. Refusals (FAMILY_UPLOAD_TOO_LARGE, FAMILY_UPLOAD_NOT_IMAGE) write nothing.
  core::Status upload(std::int64_t holder, std::int64_t binding_id, const std::string& side,
                      const std::string& content_type, const std::string& bytes);
  // The member's (ID route) or the mother's (birth route) face check for this draft.
  core::Result<providers::FaceCheckTicket> start_face_check(std::int64_t holder, std::int64_t binding_id,
                                                            const std::string& channel);
  core::Result<BindingView> complete(std::int64_t holder, std::int64_t binding_id);

  std::vector<BindingView> members(std::int64_t holder);   // active + past, holder side
  std::vector<BindingView> holders(std::int64_t member);   // member side, incl. unbound + reason

  core::Status unbind_by_holder(std::int64_t holder, std::int64_t member_person_id);
  core::Status unbind_by_member(std::int64_t member, std::int64_t binding_id);
  core::Status force_unbind(const store::StaffRow& staff, const std::string& member_psn_no, std::int64_t binding_id,
                            const std::string& note);
  // Every binding of a person (either side) for the agency person view.
  std::vector<BindingView> bindings_of(std::int64_t person_id);
  // Run after a region policy is saved: holders over the (lowered) max_active_members lose their
  // newest bindings, reason policy_change. Returns how many ended.
  int apply_policy_change();

  // Only for a member this holder has bound now or before; anyone else: just FAMILY_NOT_BOUND.
  FamilyDiagnosis diagnose(std::int64_t holder, std::int64_t member_person_id,
                           std::optional<std::string> institution_admdvs = std::nullopt);

  // Acting for a member (the holder acts; audited as such).
  core::Status activate_member_credential(std::int64_t holder, std::int64_t member_person_id, const std::string& channel,
                                          const std::string& pin);
  core::Status set_member_pin(std::int64_t holder, std::int64_t member_person_id, const std::string& pin);
  core::Status reset_member_pin(std::int64_t holder, std::int64_t member_person_id, const std::string& new_pin);
  core::Result<std::vector<ContributionView>> member_contributions(std::int64_t holder, std::int64_t member_person_id,
                                                                   ContributionService& contributions);

  // One delivery pass over the outbox (the worker calls it in a loop; tests call it directly).
  // Pending rows survive restarts: every pass picks up whatever is due. Returns how many sent.
  int deliver_notifications(int limit = 100);

 private:
  ServiceContext& ctx_;
  FamilyProviders providers_;
  FaceChecks faces_;
};

// The 承诺书's fields for a draft (for rendering and for its digest).
std::string commitment_sha256_of(const store::FamilyBindingRow& row, const std::string& holder_name,
                                 const std::string& holder_id_number);

}  // namespace yibao::services
