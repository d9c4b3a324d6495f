#pragma once
// 1301 西药中成药目录下载 (issue 15 §6): the western and Chinese patent medicine rows of the
// catalogue (med_chrgitm_type 09 西药费, 11 中成药费) that apply at the calling institution —
// the national list and the rows of its province, city and county — as a file the HIS then
// fetches with 9102.
//
// `ver` is the HIS's last version: "0" (or empty) downloads everything; otherwise it is the
// yyyyMMddHHmmss updt_time of the newest row it has, and the file holds the rows changed at or
// after it (the boundary row is delivered again: a HIS upserts by code, so nothing is lost when
// two rows share that second). The answer's ver is the newest row's updt_time, to send next
// time; unchanged when nothing changed.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/catalogue_repo.h"
#include "store/fsi_file_repo.h"

namespace yibao::services {

struct CatalogueFile {
  store::FsiFileRow file;  // a zip of one tab-separated text file, kept like 9101's uploads
  std::string ver;         // to send as ver next time
  std::int64_t rows = 0;
};

// "0"/"" → "" (everything); "20261101083000" → "2026-11-01 08:30:00"; FIELD_INVALID otherwise.
core::Result<std::string> updt_time_of_ver(const std::string& ver);

// The file's text: one line per row, no header, fields in this order (docs/INSTITUTIONS.md
// §1301): med_list_codg, name, chrgitm_lv, med_chrgitm_type, lmt_pric (yuan, empty = no cap),
// acct_pay_flag, insu_admdvs, begndate, enddate (empty = open), vali_flag, updt_time, ver.
std::string catalogue_tsv(const std::vector<store::CatalogueItem>& rows);

bool is_western_or_patent_medicine(const store::CatalogueItem& item);

core::Result<CatalogueFile> western_medicine_catalogue(ServiceContext& ctx, const FsiCaller& caller, const std::string& ver);

}  // namespace yibao::services
