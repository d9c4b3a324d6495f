#include "services/reconciliation_service.h"

#include "core/admdvs.h"
#include "core/clock.h"
#include "core/money.h"
#include "docs/zip_archive.h"
#include "services/fsi_transaction.h"
#include "services/institution_files.h"
#include "store/reconciliation_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr int kMaxPeriodDays = 366;
constexpr std::size_t kMaxUnzipped = 8 * 1024 * 1024;

// The scope as a filter on this institution's settlements.
core::Result<store::ReconFilter> recon_filter(const FsiCaller& caller, const ReconScope& s) {
  store::ReconFilter f;
  f.institution_code = caller.institution.code;
  if (!s.insutype.empty() && s.insutype != "310" && s.insutype != "390") {
    return Error{Reason::FIELD_INVALID, "险种类型须为 310 或 390", "data.insutype"};
  }
  f.insutype = s.insutype;
  if (s.clr_type == "11") f.visit_kind = "outpatient";
  else if (s.clr_type == "21") f.visit_kind = "inpatient";
  else if (s.clr_type == "41") f.visit_kind = "pharmacy";
  else if (!s.clr_type.empty()) return Error{Reason::FIELD_INVALID, "清算类别须为 11、21 或 41", "data.clr_type"};
  if (!s.setl_optins.empty() && !core::Admdvs::parse(s.setl_optins)) {
    return Error{Reason::FIELD_INVALID, "清算经办机构须为 6 位区划代码", "data.setl_optins"};
  }
  f.clr_admdvs = s.setl_optins;
  auto begin = core::parse_shanghai_datetime(s.stmt_begndate + " 00:00:00");
  auto end = core::parse_shanghai_datetime(s.stmt_enddate + " 00:00:00");
  if (s.stmt_begndate.size() != 10 || !begin) return Error{Reason::FSI_PERIOD_INVALID, s.stmt_begndate, "data.stmt_begndate"};
  if (s.stmt_enddate.size() != 10 || !end) return Error{Reason::FSI_PERIOD_INVALID, s.stmt_enddate, "data.stmt_enddate"};
  const auto days = std::chrono::duration_cast<std::chrono::hours>(*end - *begin).count() / 24;
  if (days < 0) return Error{Reason::FSI_PERIOD_INVALID, "结束日期早于开始日期", "data.stmt_enddate"};
  if (days >= kMaxPeriodDays) return Error{Reason::FSI_PERIOD_INVALID, "对账期间最长 366 天", "data.stmt_enddate"};
  f.from_us = store::to_epoch_us(*begin);
  f.to_us = store::to_epoch_us(*end + std::chrono::hours(24));  // the end date is inclusive
  return f;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = line.find(sep, start);
    out.push_back(line.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// The institution's rows out of its text file; a broken line is refused by its number.
core::Result<std::vector<domain::ReconRow>> parse_detail_rows(const std::string& text) {
  std::vector<domain::ReconRow> rows;
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // BOM
    if (line.empty() || (line_no == 1 && line.starts_with("setl_id"))) continue;
    const auto bad = [&](const std::string& why) {
      return Error{Reason::FSI_FILE_INVALID, "第 " + std::to_string(line_no) + " 行" + why, "file"};
    };
    const auto f = split(line, '\t');
    if (f.size() != 7) return bad("应有 7 列（以制表符分隔），实有 " + std::to_string(f.size()) + " 列");
    domain::ReconRow r;
    r.setl_id = f[0];
    r.mdtrt_id = f[1];
    r.psn_no = f[2];
    if (r.setl_id.empty()) return bad("缺少结算ID");
    std::int64_t* amounts[] = {&r.medfee_sumamt, &r.fund_pay_sumamt, &r.acct_pay};
    for (int i = 0; i < 3; ++i) {
      auto m = core::Money::parse(f[3 + i]);
      if (!m) return bad("金额“" + f[3 + i] + "”格式不正确");
      *amounts[i] = m->fen();
    }
    if (f[6] != "0" && f[6] != "1") return bad("退费标志须为 0 或 1");
    r.refd_setl_flag = f[6];
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string difference_file(const std::vector<domain::RowComparison>& diffs) {
  const auto yuan = [](std::int64_t fen) { return core::Money::from_fen(fen).to_string(); };
  std::string out =
      "psn_no\tmdtrt_id\tsetl_id\tmsgid\tstmt_rslt\trefd_setl_flag\tmemo\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\n";
  for (const auto& d : diffs) {
    // The platform's figures where it has the row, the institution's where only it has.
    const auto& row = d.kind == domain::RowDifference::only_institution ? d.institution : d.platform;
    out += row.psn_no + "\t" + row.mdtrt_id + "\t" + row.setl_id + "\t" + d.platform.msgid + "\t" +
           std::string(domain::stmt_rslt_code(d.kind)) + "\t" + row.refd_setl_flag + "\t" + d.memo + "\t" +
           yuan(row.medfee_sumamt) + "\t" + yuan(row.fund_pay_sumamt) + "\t" + yuan(row.acct_pay) + "\n";
  }
  return out;
}

}  // namespace

core::Result<TotalsResult> ReconciliationService::totals(const FsiCaller& caller, const TotalsRequest& r) {
  auto scoped = recon_filter(caller, r.scope);
  if (!scoped) return scoped.error();
  if (r.refd_setl_flag != "0" && r.refd_setl_flag != "1") {
    return Error{Reason::FIELD_INVALID, "退费结算标志须为 0 或 1", "data.refd_setl_flag"};
  }
  store::ReconFilter filter = *scoped;
  filter.reversals_only = r.refd_setl_flag == "1";
  TotalsResult out;
  out.platform = ctx_.db.read([&](store::Tx& tx) { return store::ReconciliationRepo::totals(tx, filter); });
  out.comparison = domain::compare_totals(out.platform, r.institution);
  return out;
}

core::Result<DetailsResult> ReconciliationService::details(const FsiCaller& caller, const DetailsRequest& r) {
  auto filter = recon_filter(caller, r.scope);
  if (!filter) return filter.error();
  auto uploaded = InstitutionFiles(ctx_).download(caller, r.file_qury_no, "");
  if (!uploaded) return core::Error{Reason::FSI_FILE_NOT_FOUND, r.file_qury_no, "data.file_qury_no"};
  auto entries = docs::read_zip(uploaded->content, kMaxUnzipped);
  if (!entries) return entries.error();
  if (entries->size() != 1) {
    return Error{Reason::FSI_FILE_INVALID, "zip 中应恰有一个明细文本文件，实有 " + std::to_string(entries->size()) + " 个",
                 "file"};
  }
  auto theirs = parse_detail_rows(entries->front().content);
  if (!theirs) return theirs.error();
  const auto now = ctx_.clock.now();
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<DetailsResult> {
    auto ours = store::ReconciliationRepo::rows(tx, *filter);
    DetailsResult out;
    out.institution_rows = theirs->size();
    out.platform_rows = ours.size();
    const auto diffs = domain::compare_rows(std::move(ours), *theirs);
    out.differences = diffs.size();
    auto zipped = docs::write_zip({{"stmt_diff.txt", difference_file(diffs)}});
    if (!zipped) return zipped.error();
    out.file = store_file(tx, caller, r.file_qury_no + "_diff.zip", "reconciliation", std::move(*zipped), now);
    return out;
  });
}

}  // namespace yibao::services
