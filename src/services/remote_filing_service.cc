#include "services/remote_filing_service.h"

#include "core/clock.h"
#include "domain/remote_treatment.h"
#include "store/people_repo.h"

namespace yibao::services {

using core::Error;
using core::Reason;

core::Result<store::RemoteFilingRow> RemoteFilingService::file(std::int64_t person_id, const RemoteFilingInput& in,
                                                               const std::string& recorded_by_kind,
                                                               const std::string& recorded_by) {
  if (!domain::is_remote_filing_type(in.filing_type)) {
    return Error{Reason::FIELD_INVALID, "备案类型须为 long_term_residence、temporary 或 referral", "filing_type"};
  }
  if (auto dest = ctx_.regions.resolve(in.dest_admdvs); !dest) {
    return Error{dest.error().reason, dest.error().detail, "dest_admdvs"};
  }
  auto from = core::parse_date(in.valid_from);
  if (!from) return Error{Reason::FIELD_INVALID, "开始日期格式应为 YYYY-MM-DD", "valid_from"};
  auto to = core::parse_date(in.valid_to);
  if (!to) return Error{Reason::FIELD_INVALID, "结束日期格式应为 YYYY-MM-DD", "valid_to"};
  const auto today = core::shanghai_date(ctx_.clock.now());
  if (*to < *from) return Error{Reason::FIELD_INVALID, "结束日期不能早于开始日期", "valid_to"};
  if (*to < today) return Error{Reason::FIELD_INVALID, "结束日期不能早于今天", "valid_to"};
  const auto now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::RemoteFilingRow> {
    auto person = store::PeopleRepo::person_by_id(tx, person_id);
    if (!person || person->status != "active") return Error{Reason::PERSON_UNKNOWN};
    store::RemoteFilingRow row;
    row.person_id = person_id;
    row.filing_type = in.filing_type;
    row.dest_admdvs = in.dest_admdvs;
    row.valid_from = core::format_date(*from);
    row.valid_to = core::format_date(*to);
    row.recorded_by_kind = recorded_by_kind;
    row.recorded_by = recorded_by;
    row.created_at_us = now;
    row.id = store::RemoteFilingRepo::insert(tx, row);
    return row;
  });
}

std::vector<store::RemoteFilingRow> RemoteFilingService::of_person(std::int64_t person_id) {
  return ctx_.db.read([&](store::Tx& tx) { return store::RemoteFilingRepo::of_person(tx, person_id, false); });
}

core::Status RemoteFilingService::cancel(std::int64_t person_id, std::int64_t filing_id) {
  const auto now = now_us(ctx_.clock);
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::RemoteFilingRepo::find(tx, filing_id);
    if (!row || row->person_id != person_id) return Error{Reason::REMOTE_FILING_NOT_FOUND};
    if (!store::RemoteFilingRepo::cancel(tx, filing_id, now)) return Error{Reason::REMOTE_FILING_NOT_FOUND, "已撤销"};
    return {};
  });
}

}  // namespace yibao::services
