#include "services/agency_admin_service.h"

#include <boost/json.hpp>

#include "core/institution_code.h"
#include "domain/policy.h"
#include "services/agency_service.h"
#include "services/family_service.h"
#include "services/random_hex.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr std::size_t kMaxNoteBytes = 600;  // 200 Chinese characters
constexpr int kHistoryLimit = 200;

void audit(store::Tx& tx, const store::StaffRow& staff, const std::string& action, const std::string& detail,
           std::int64_t at) {
  store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, std::nullopt, action, "agency", detail, at});
}

core::Status check_note(const std::string& note) {
  if (note.empty()) return Error{Reason::FIELD_MISSING, "请填写修改原因（将记入变更历史）", "note"};
  if (note.size() > kMaxNoteBytes) return Error{Reason::FIELD_INVALID, "修改原因最多 200 个字", "note"};
  return {};
}

core::Result<store::InstitutionRow> load_in_region(store::Tx& tx, const store::StaffRow& staff, const std::string& code) {
  auto row = store::InstitutionRepo::find(tx, code);
  if (!row) return Error{Reason::INSTITUTION_NOT_FOUND, code, "code"};
  if (!staff_covers(staff.admdvs, row->admdvs)) return Reason::STAFF_OUT_OF_REGION;
  return *row;
}

}  // namespace

core::Result<store::PolicyRow> AgencyAdminService::save_policy(const store::StaffRow& staff, const PolicyChange& change) {
  auto admdvs = ctx_.regions.resolve(change.admdvs);
  if (!admdvs) return admdvs.error();
  if (!staff_covers(staff.admdvs, admdvs->value())) return Reason::STAFF_OUT_OF_REGION;
  if (auto ok = check_note(change.note); !ok) return ok.error();
  if (auto parsed = domain::parse_policy(change.overrides); !parsed) return parsed.error();

  const auto* region = ctx_.regions.lookup(*admdvs);
  const std::string knobs = boost::json::serialize(change.overrides);
  const std::int64_t now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::PolicyRow> {
    auto current = store::AdminRepo::policy(tx, admdvs->value());
    const int version = current ? current->version : 0;
    if (version != change.expected_version) {
      return Error{Reason::POLICY_VERSION_CONFLICT, "当前版本 " + std::to_string(version), "version"};
    }
    // A region keeps the label it was given; a new row is named after its region.
    std::string name = current ? current->name : (region ? region->full_name : admdvs->value());
    store::PolicyRow row{admdvs->value(), std::move(name), knobs, version + 1, now, staff.username};
    store::AdminRepo::save_policy(tx, row, change.note);
    // A lower limit applies at once: bindings over it end with the reason policy_change.
    const int ended = end_bindings_over_policy(tx, now);
    audit(tx, staff, "policy_saved",
          admdvs->value() + " v" + std::to_string(row.version) + (ended ? "，因政策调整解除绑定 " + std::to_string(ended) + " 个" : ""),
          now);
    return row;
  });
}

core::Result<std::vector<store::PolicyHistoryRow>> AgencyAdminService::policy_history(const std::string& admdvs) {
  auto code = ctx_.regions.resolve(admdvs);
  if (!code) return code.error();
  return ctx_.db.read([&](store::Tx& tx) { return store::AdminRepo::policy_history(tx, code->value(), kHistoryLimit); });
}

core::Result<RegisteredInstitution> AgencyAdminService::register_institution(const store::StaffRow& staff,
                                                                             const std::string& code_text,
                                                                             const std::string& name,
                                                                             const std::string& level) {
  auto code = core::InstitutionCode::parse(code_text, ctx_.regions);
  if (!code) return Error{code.error().reason, code.error().detail, "code"};
  if (!staff_covers(staff.admdvs, code->admdvs().value())) return Reason::STAFF_OUT_OF_REGION;
  if (name.empty()) return Error{Reason::FIELD_MISSING, "请填写机构名称", "name"};
  if (name.size() > 300) return Error{Reason::FIELD_INVALID, "机构名称最多 100 个字", "name"};
  const bool hospital = code->kind() == core::InstitutionKind::hospital;
  if (hospital && level != "1" && level != "2" && level != "3") {
    return Error{Reason::FIELD_INVALID, "医院等级请填 1（一级）、2（二级）或 3（三级）", "level"};
  }
  if (!hospital && !level.empty()) return Error{Reason::FIELD_INVALID, "定点药店没有医院等级", "level"};

  store::InstitutionRow row{code->value(), name, hospital ? "hospital" : "pharmacy", level, code->admdvs().value(),
                            random_hex(32), "active"};
  const std::int64_t now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<RegisteredInstitution> {
    if (!store::InstitutionRepo::insert_new(tx, row, now)) return Error{Reason::INSTITUTION_ALREADY_REGISTERED, row.code, "code"};
    audit(tx, staff, "institution_registered", row.code, now);
    return RegisteredInstitution{row};
  });
}

core::Result<RegisteredInstitution> AgencyAdminService::rotate_key(const store::StaffRow& staff, const std::string& code) {
  const std::string secret = random_hex(32);
  const std::int64_t now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<RegisteredInstitution> {
    auto row = load_in_region(tx, staff, code);
    if (!row) return row.error();
    store::InstitutionRepo::set_secret(tx, code, secret);
    store::InstitutionRow updated = *row;
    updated.secret = secret;
    audit(tx, staff, "institution_key_rotated", code, now);
    return RegisteredInstitution{updated};
  });
}

core::Result<store::InstitutionRow> AgencyAdminService::set_status(const store::StaffRow& staff, const std::string& code,
                                                                   const std::string& status, const std::string& note) {
  if (status != "active" && status != "suspended") {
    return Error{Reason::FIELD_INVALID, "状态只能是 active（正常）或 suspended（暂停服务）", "status"};
  }
  if (auto ok = check_note(note); !ok) return ok.error();
  const std::int64_t now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::InstitutionRow> {
    auto row = load_in_region(tx, staff, code);
    if (!row) return row.error();
    store::InstitutionRepo::set_status(tx, code, status);
    store::InstitutionRow updated = *row;
    updated.status = status;
    audit(tx, staff, "institution_" + status, code + "：" + note, now);
    return updated;
  });
}

}  // namespace yibao::services
