#pragma once
// 目录维护 (issue 19 §2), pure: what a region's own catalogue row must hold before it is stored,
// and the CSV staff import rows with. A region's row overrides the national one (and a
// province's or city's row applies to every place below it) at the place of treatment.

#include <cstddef>
#include <string>
#include <vector>

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace yibao::domain {

// A row as staff type it (console form, API, or one CSV line): text throughout.
struct CatalogueRowText {
  std::string med_list_codg;
  std::string name;
  std::string chrgitm_lv;        // 01 | 02 | 03, or 甲 | 乙 | 丙
  std::string med_chrgitm_type;  // 01 … 14
  std::string price_cap;         // yuan ("12.50"); "" = no cap
  std::string account_scope;     // 1 | 0 ("" = 1)
  std::string begndate;          // yyyy-MM-dd
  std::string enddate;           // "" = open-ended
  std::string vali_flag;         // 1 | 0 ("" = 1)
};

// A checked row (store::CatalogueItem's fields; the service adds region and updt_time).
struct CatalogueRow {
  std::string med_list_codg;
  std::string name;
  std::string chrgitm_lv;  // 01 | 02 | 03
  std::string med_chrgitm_type;
  std::int64_t price_cap_fen = 0;  // 0 = no cap
  bool account_scope = true;
  std::string begndate;
  std::optional<std::string> enddate;
  std::string vali_flag = "1";
};

// The checked row, or the first field at fault (FIELD_MISSING / FIELD_INVALID, the field named
// as in the CSV header).
core::Result<CatalogueRow> catalogue_row(const CatalogueRowText& row);

inline constexpr std::size_t kMaxImportRows = 5000;
inline constexpr const char* kCatalogueCsvHeader =
    "med_list_codg,name,chrgitm_lv,med_chrgitm_type,price_cap,account_scope,begndate,enddate,vali_flag";

struct ImportRowError {
  std::size_t line = 0;  // 1-based line of the file (the header is line 1)
  std::string field;
  std::string message;
};

struct CatalogueImport {
  std::vector<CatalogueRow> rows;
  std::vector<ImportRowError> errors;  // every broken row, not just the first
};

// Reads the CSV (UTF-8, optional BOM, the header above first, RFC 4180 quoting, CRLF or LF).
// A file with any error imports nothing: the caller checks errors first.
CatalogueImport read_catalogue_csv(const std::string& text);

}  // namespace yibao::domain
