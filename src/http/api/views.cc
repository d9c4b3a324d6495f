#include "http/api/views.h"

#include "core/id_number.h"
#include "core/masking.h"
#include "domain/credential_rules.h"
#include "domain/enrolment_rules.h"
#include "http/api/api_support.h"
#include "services/code_service.h"

namespace yibao::http::api {
namespace json = boost::json;

std::string region_name(const core::RegionDirectory& regions, const std::string& admdvs) {
  auto code = core::Admdvs::parse(admdvs);
  if (!code) return admdvs;
  const auto* region = regions.lookup(*code);
  return region == nullptr ? admdvs : region->full_name;
}

json::object enrolment_view(const store::EnrolmentRow& row, const core::RegionDirectory& regions,
                            std::chrono::year_month_day today) {
  const auto e = services::to_domain(row);
  json::object o;
  o["id"] = row.id;
  o["insutype"] = row.insutype;
  o["insutype_label"] = row.insutype == "310" ? "职工基本医疗保险" : row.insutype == "390" ? "城乡居民基本医疗保险" : "其他";
  o["admdvs"] = row.admdvs;
  o["region_name"] = region_name(regions, row.admdvs);
  o["psn_type"] = row.psn_type;
  o["status"] = row.status;
  o["status_label"] = domain::status_label(e.status);
  o["start_date"] = row.start_date;
  o["end_date"] = row.end_date ? json::value(*row.end_date) : json::value(nullptr);
  o["benefits_from"] = row.benefits_from;
  o["waiting"] = domain::is_waiting(e, today);
  o["active"] = domain::is_active(e, today);
  o["is_current"] = row.is_current;
  if (row.emp_name) o["emp_name"] = *row.emp_name;
  return o;
}

json::object person_view(const services::Subject& s, const std::vector<store::ChannelRow>& channels,
                         const core::RegionDirectory& regions, std::chrono::year_month_day today, Audience audience) {
  json::object o;
  o["psn_no"] = s.person.psn_no;
  o["name"] = s.person.name;
  o["id_number"] = audience == Audience::agency ? s.person.id_number : core::mask_id_number(s.person.id_number);
  o["gend"] = s.person.gend;
  o["gender_label"] = s.person.gend == "1" ? "男" : "女";
  o["birth_date"] = s.person.birth_date;
  if (auto id = core::IdNumber::parse(s.person.id_number, today)) o["age"] = id->age_on(today);
  if (s.person.phone) o["phone"] = audience == Audience::agency ? *s.person.phone : core::mask_phone(*s.person.phone);
  o["status"] = s.person.status;

  json::object credential;
  credential["state"] = s.credential.state;
  const auto state = domain::parse_credential_state(s.credential.state).value_or(domain::CredentialState::inactive);
  credential["state_label"] = state == domain::CredentialState::active   ? "已激活"
                              : state == domain::CredentialState::frozen ? "已冻结"
                              : state == domain::CredentialState::revoked ? "已注销"
                                                                         : "未激活";
  credential["note"] = s.credential.state_note ? json::value(*s.credential.state_note) : json::value(nullptr);
  credential["pin_set"] = s.credential.pin_hash.has_value();
  credential["pin_locked_until"] =
      s.credential.pin_locked_until_us ? json::value(iso_us(*s.credential.pin_locked_until_us)) : json::value(nullptr);
  json::array channel_list;
  for (const auto& c : channels) {
    json::object item;
    item["channel"] = c.channel;
    if (auto ch = domain::parse_channel(c.channel)) item["label"] = domain::channel_label(*ch);
    item["status"] = c.status;
    item["activated_at"] = iso_us(c.activated_at_us);
    item["activated_by"] = c.activated_by.starts_with("offline:") ? "offline" : c.activated_by;
    if (c.removed_at_us) item["removed_at"] = iso_us(*c.removed_at_us);
    channel_list.push_back(std::move(item));
  }
  credential["channels"] = std::move(channel_list);
  json::array blockers;
  for (const auto& b : domain::credential_blockers(s.facts, domain::CredentialUse::use)) {
    const auto& info = core::info(b.reason);
    blockers.push_back(json::object{{"code", info.code}, {"message", info.message}, {"remedy", info.remedy}});
  }
  credential["blockers"] = std::move(blockers);
  o["credential"] = std::move(credential);

  json::array enrolments;
  for (const auto& row : s.enrolment_rows) enrolments.push_back(enrolment_view(row, regions, today));
  o["enrolments"] = std::move(enrolments);
  o["current_enrolment"] = s.current ? json::value(enrolment_view(*s.current, regions, today)) : json::value(nullptr);
  o["qr_ttl_seconds"] = s.policy.qr_ttl_seconds;
  return o;
}

json::object decode_view(const store::DecodeRow& row) {
  json::object o;
  o["institution_code"] = row.institution_code;
  o["institution_name"] = row.institution_name;
  o["business_type"] = row.business_type;
  o["business_label"] = services::business_type_label(row.business_type);
  o["operator_name"] = row.operator_name;
  o["office_name"] = row.office_name;
  o["device_type"] = row.device_type;
  o["outcome"] = row.outcome;
  o["shown_by_family"] = row.shown_by_person_id.has_value();
  o["decoded_at"] = iso_us(row.decoded_at_us);
  return o;
}

}  // namespace yibao::http::api
