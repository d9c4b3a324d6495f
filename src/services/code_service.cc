#include "services/code_service.h"

#include "services/random_hex.h"

#include <map>

#include <sodium.h>

#include "core/clock.h"
#include "domain/credential_rules.h"
#include "domain/family_rules.h"
#include "store/family_repo.h"
#include "services/person_loader.h"
#include "store/one_time_keys.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// 用码业务类型 (institution-interface.md, appendix A.1).
const std::map<std::string, std::string_view>& business_types() {
  static const std::map<std::string, std::string_view> types = {
      {"01101", "门诊挂号"}, {"01102", "住院建档"}, {"01103", "入院登记"}, {"01104", "缴纳预缴金"},
      {"01201", "问诊"},     {"01202", "预约检查"}, {"01203", "检查"},     {"01204", "治疗"},
      {"01301", "结算"},     {"01302", "取药"},     {"02121", "药店购药"}, {"02122", "下载外购处方"},
  };
  return types;
}


// A stable, non-reversible index of the person for the decode's ecIndexNo.
std::string index_no(const std::string& psn_no, const Keys& keys) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(psn_no.data()), psn_no.size(),
                     keys.code_mac_key.data(), keys.code_mac_key.size());
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

constexpr const char* kSpentScope = "code-spent";

}  // namespace

bool is_known_business_type(const std::string& code) { return business_types().contains(code); }
bool business_type_spends_code(const std::string& code) { return code == "01301" || code == "02121"; }
std::string_view business_type_label(const std::string& code) {
  const auto it = business_types().find(code);
  return it == business_types().end() ? std::string_view("其他") : it->second;
}

core::Result<IssuedCode> CodeService::issue_own(std::int64_t person_id) { return issue(person_id, 0); }

core::Result<IssuedCode> CodeService::issue_for_member(std::int64_t holder, std::int64_t member_person_id) {
  return issue(member_person_id, holder);
}

core::Result<IssuedCode> CodeService::issue(std::int64_t person_id, std::int64_t shown_by) {
  const auto now = ctx_.clock.now();
  // Statements without a shared snapshot (no BEGIN/COMMIT): the person with the credential is
  // one read; a family-shown code's binding is checked again when the code is decoded.
  return ctx_.db.lookup([&](store::Tx& tx) -> core::Result<IssuedCode> {
    if (shown_by != 0 && !store::FamilyRepo::active_pair(tx, shown_by, person_id)) return Reason::FAMILY_NOT_BOUND;
    auto s = load_subject(tx, person_id, core::shanghai_date(now), now_us(ctx_.clock), false);
    if (!s) return Reason::PERSON_UNKNOWN;
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::use); !st) return st.error();
    if (!s->credential.pin_hash) return Reason::PIN_NOT_SET;
    qr::CodeClaims claims;
    claims.credential_id = s->credential.id;
    claims.shown_by_person_id = shown_by;
    claims.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(now);
    claims.nonce = randombytes_random();
    IssuedCode out;
    out.token = ctx_.codes.issue(claims);
    out.issued_at = claims.issued_at;
    out.ttl_seconds = s->policy.qr_ttl_seconds;
    out.expires_at = claims.issued_at + std::chrono::seconds(out.ttl_seconds);
    return out;
  });
}

core::Result<DecodeResult> CodeService::decode(const store::InstitutionRow& institution, const DecodeRequest& req,
                                               TifNonce* nonce) {
  const auto now = ctx_.clock.now();
  if (!is_known_business_type(req.business_type)) return Error{Reason::BUSINESS_TYPE_INVALID, {}, "businessType"};

  struct Outcome {
    std::optional<Error> refused;
    DecodeResult result;
  };
  // The record of the decode is written whether or not it succeeds, so the transaction always
  // commits and the refusal is returned afterwards.
  bool nonce_claimed = false;
  auto outcome = ctx_.db.write([&](store::Tx& tx) -> Outcome {
    nonce_claimed = false;
    if (nonce != nullptr) {
      // A replayed request changes nothing, not even the decode record.
      if (auto claimed = claim_tif_nonce(tx, *nonce, now); !claimed) return Outcome{claimed.error(), {}};
      nonce_claimed = true;
    }
    const std::int64_t stamp = now_us(ctx_.clock);
    store::DecodeRow record;
    record.institution_code = institution.code;
    record.business_type = req.business_type;
    record.operator_id = req.operator_id;
    record.operator_name = req.operator_name;
    record.office_name = req.office_name;
    record.device_type = req.device_type;
    record.decoded_at_us = stamp;
    auto refuse = [&](Error e) {
      record.outcome = std::string(core::info(e.reason).code);
      store::InstitutionRepo::insert_decode(tx, record);
      return Outcome{std::move(e), {}};
    };

    auto claims = ctx_.codes.verify(req.ec_qr_code, now, kMaxCodeTtl);
    if (!claims) return refuse(claims.error());
    auto s = load_subject_by_credential(tx, claims->credential_id, core::shanghai_date(now), stamp);
    if (!s) return refuse(Error{Reason::QR_FOREIGN});
    record.person_id = s->person.id;
    if (claims->shown_by_person_id != 0) record.shown_by_person_id = claims->shown_by_person_id;

    // The region's TTL (at most kMaxCodeTtl, which the codec already enforced).
    if (now - claims->issued_at > std::chrono::seconds(s->policy.qr_ttl_seconds)) return refuse(Error{Reason::QR_EXPIRED});
    const auto spent_until = claims->issued_at + kMaxCodeTtl + std::chrono::minutes(1);
    // A spent code: a decode that spends it learns so from its own claim below (one statement);
    // one that does not (a query, a registration) asks.
    const bool spends = business_type_spends_code(req.business_type);
    if (!spends && store::OneTimeKeys::is_claimed(tx, kSpentScope, req.ec_qr_code, now)) {
      return refuse(Error{Reason::QR_CONSUMED});
    }
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::use); !st) return refuse(st.error());
    if (claims->shown_by_person_id != 0) {
      // A family-shown code: only while the binding lasts, and only where the member's region allows.
      if (!store::FamilyRepo::active_pair(tx, claims->shown_by_person_id, s->person.id)) {
        return refuse(Error{Reason::FAMILY_NOT_BOUND});
      }
      const std::string member_admdvs = s->current ? s->current->admdvs : std::string();
      if (!domain::family_use_allowed(s->policy.family_use_scope, member_admdvs, institution.admdvs)) {
        return refuse(Error{Reason::FAMILY_OUT_OF_USE_SCOPE});
      }
    }
    if (spends && !store::OneTimeKeys::claim(tx, kSpentScope, req.ec_qr_code, now, spent_until)) {
      return refuse(Error{Reason::QR_CONSUMED});
    }

    Outcome ok;
    ok.result.person = s->person;
    ok.result.insured_admdvs = s->current ? s->current->admdvs : std::string();
    ok.result.ec_token = (ok.result.insured_admdvs.empty() ? std::string("000000") : ok.result.insured_admdvs) + "ec" +
                         random_hex(16);
    ok.result.ec_index_no = index_no(s->person.psn_no, ctx_.keys);
    ok.result.shown_by_family = claims->shown_by_person_id != 0;
    store::EcTokenRow token;
    token.token = ok.result.ec_token;
    token.person_id = s->person.id;
    token.credential_id = s->credential.id;
    if (claims->shown_by_person_id != 0) token.shown_by_person_id = claims->shown_by_person_id;
    token.institution_code = institution.code;
    token.business_type = req.business_type;
    token.issued_at_us = stamp;
    token.expires_at_us = store::to_epoch_us(now + kEcTokenLifetime);
    store::InstitutionRepo::insert_ec_token(tx, token);
    record.outcome = "ok";
    store::InstitutionRepo::insert_decode(tx, record);
    store::InstitutionRepo::audit(
        tx, store::AuditRow{"institution", institution.code, s->person.id, "code_decoded", "institution",
                            req.business_type + " " + req.operator_id, stamp});
    return ok;
  });
  if (nonce_claimed) nonce->spent = true;  // the transaction committed
  if (outcome.refused) return *outcome.refused;
  return outcome.result;
}

std::vector<store::DecodeRow> CodeService::decodes_of(std::int64_t person_id, int limit) {
  return ctx_.db.read([&](store::Tx& tx) { return store::InstitutionRepo::decodes_of(tx, person_id, limit); });
}

}  // namespace yibao::services
