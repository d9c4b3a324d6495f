#include "services/catalogue_file.h"

#include <algorithm>

#include "core/clock.h"
#include "core/money.h"
#include "docs/zip_archive.h"
#include "services/fsi_transaction.h"
#include "services/institution_files.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr int kPageSize = 500;

// TSV cells never hold a tab or line break: catalogue names come from staff and imports.
std::string cell(const std::string& s) {
  std::string out = s;
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return out;
}

// "2026-11-01 08:30:00" → "20261101083000".
std::string compact(const std::string& updt_time) {
  std::string out;
  for (char c : updt_time) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

}  // namespace

core::Result<std::string> updt_time_of_ver(const std::string& ver) {
  if (ver.empty() || ver == "0") return std::string();
  const bool digits = ver.size() == 14 && std::all_of(ver.begin(), ver.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::string text = digits ? ver.substr(0, 4) + "-" + ver.substr(4, 2) + "-" + ver.substr(6, 2) + " " +
                                        ver.substr(8, 2) + ":" + ver.substr(10, 2) + ":" + ver.substr(12, 2)
                                  : std::string();
  if (!digits || !core::parse_shanghai_datetime(text)) {
    return Error{Reason::FIELD_INVALID, "版本号（data.ver）须为 0（全量）或上次下载返回的 yyyyMMddHHmmss", "data.ver"};
  }
  return text;
}

bool is_western_or_patent_medicine(const store::CatalogueItem& item) {
  return item.med_chrgitm_type == "09" || item.med_chrgitm_type == "11";
}

std::string catalogue_tsv(const std::vector<store::CatalogueItem>& rows) {
  std::string out;
  for (const auto& r : rows) {
    const std::string fields[] = {cell(r.med_list_codg),
                                  cell(r.name),
                                  r.chrgitm_lv,
                                  r.med_chrgitm_type,
                                  r.price_cap_fen > 0 ? core::Money::from_fen(r.price_cap_fen).to_string() : "",
                                  r.account_scope ? "1" : "0",
                                  r.admdvs,
                                  r.begndate,
                                  r.enddate.value_or(""),
                                  r.vali_flag,
                                  r.updt_time,
                                  std::to_string(r.ver)};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      if (i) out += '\t';
      out += fields[i];
    }
    out += '\n';
  }
  return out;
}

core::Result<CatalogueFile> western_medicine_catalogue(ServiceContext& ctx, const FsiCaller& caller, const std::string& ver) {
  auto since = updt_time_of_ver(ver);
  if (!since) return since.error();
  const auto now = ctx.clock.now();
  return call_write(ctx, caller, [&](store::Tx& tx) -> core::Result<CatalogueFile> {
    std::vector<store::CatalogueItem> rows;
    // The national list, then its province's, city's and its own region's rows (a HIS applies
    // the most specific row of a code, as settlement does).
    const auto levels = store::catalogue_levels(caller.institution.admdvs);
    std::vector<std::string> regions{store::kNationalCatalogue};
    for (const auto& r : {levels.province, levels.city, levels.place}) {
      if (std::find(regions.begin(), regions.end(), r) == regions.end()) regions.push_back(r);
    }
    for (const std::string& admdvs : regions) {
      store::CataloguePageQuery q;
      q.admdvs = admdvs;
      q.updt_time = *since;
      q.page_size = kPageSize;
      for (;; ++q.page_num) {
        auto page = store::CatalogueRepo::page(tx, q);
        for (auto& item : page.rows) {
          if (is_western_or_patent_medicine(item)) rows.push_back(std::move(item));
        }
        if (static_cast<std::int64_t>(q.page_num) * q.page_size >= page.record_counts) break;
      }
    }
    CatalogueFile out;
    out.rows = static_cast<std::int64_t>(rows.size());
    out.ver = ver.empty() ? "0" : ver;
    for (const auto& r : rows) out.ver = std::max(out.ver, compact(r.updt_time));
    const std::string stem = "1301_" + caller.institution.code + "_" + out.ver;
    auto zip = docs::write_zip({docs::ZipEntry{stem + ".txt", catalogue_tsv(rows)}});
    if (!zip) return zip.error();
    out.file = store_file(tx, caller, stem + ".zip", "catalogue", std::move(zip).value(), now);
    return out;
  });
}

}  // namespace yibao::services
