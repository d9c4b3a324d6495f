#include "domain/catalogue_rules.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/money.h"

namespace yibao::domain {

using core::Error;
using core::Reason;

namespace {

bool valid_code(const std::string& s) {
  return !s.empty() && s.size() <= 50 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  });
}

bool valid_date(const std::string& s) { return s.size() == 10 && core::parse_date(s).ok(); }

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\r'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// One CSV record (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks).
// `pos` moves past the record; false at the end of the text or on an unterminated quote.
bool next_record(const std::string& text, std::size_t& pos, std::vector<std::string>& fields, bool& broken) {
  fields.clear();
  broken = false;
  if (pos >= text.size()) return false;
  std::string field;
  bool quoted = false, was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        field += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      break;
    } else {
      field += c;
    }
  }
  if (quoted) broken = true;
  fields.push_back(was_quoted ? field : trim(field));
  return true;
}

}  // namespace

core::Result<CatalogueRow> catalogue_row(const CatalogueRowText& t) {
  CatalogueRow r;
  if (t.med_list_codg.empty()) return Error{Reason::FIELD_MISSING, "医保目录编码", "med_list_codg"};
  if (!valid_code(t.med_list_codg)) {
    return Error{Reason::FIELD_INVALID, "医保目录编码只能是字母、数字、- 和 _，最长 50 位", "med_list_codg"};
  }
  r.med_list_codg = t.med_list_codg;
  if (t.name.empty()) return Error{Reason::FIELD_MISSING, "名称", "name"};
  if (t.name.size() > 300) return Error{Reason::FIELD_INVALID, "名称最长 100 个汉字", "name"};
  r.name = t.name;
  if (t.chrgitm_lv == "01" || t.chrgitm_lv == "甲") r.chrgitm_lv = "01";
  else if (t.chrgitm_lv == "02" || t.chrgitm_lv == "乙") r.chrgitm_lv = "02";
  else if (t.chrgitm_lv == "03" || t.chrgitm_lv == "丙") r.chrgitm_lv = "03";
  else if (t.chrgitm_lv.empty()) return Error{Reason::FIELD_MISSING, "收费项目等级（甲/乙/丙）", "chrgitm_lv"};
  else return Error{Reason::FIELD_INVALID, "收费项目等级须为 01 甲、02 乙 或 03 丙", "chrgitm_lv"};
  const auto& type = t.med_chrgitm_type;
  const bool two_digits = type.size() == 2 && type[0] >= '0' && type[0] <= '1' && type[1] >= '0' && type[1] <= '9';
  if (type.empty()) return Error{Reason::FIELD_MISSING, "医疗收费项目类别", "med_chrgitm_type"};
  if (!two_digits || type == "00" || type > "14") {
    return Error{Reason::FIELD_INVALID, "医疗收费项目类别须为 01（床位费）到 14（其他费）", "med_chrgitm_type"};
  }
  r.med_chrgitm_type = type;
  if (!t.price_cap.empty()) {
    auto cap = core::Money::parse(t.price_cap);
    if (!cap || cap->fen() < 0) return Error{Reason::FIELD_INVALID, "限价须为元，最多两位小数，例如 12.50", "price_cap"};
    r.price_cap_fen = cap->fen();
  }
  if (t.account_scope == "0") r.account_scope = false;
  else if (!t.account_scope.empty() && t.account_scope != "1") {
    return Error{Reason::FIELD_INVALID, "个人账户支付范围须为 1（可用）或 0（不可用）", "account_scope"};
  }
  if (t.begndate.empty()) return Error{Reason::FIELD_MISSING, "开始日期", "begndate"};
  if (!valid_date(t.begndate)) return Error{Reason::FIELD_INVALID, "开始日期格式应为 yyyy-MM-dd", "begndate"};
  r.begndate = t.begndate;
  if (!t.enddate.empty()) {
    if (!valid_date(t.enddate)) return Error{Reason::FIELD_INVALID, "结束日期格式应为 yyyy-MM-dd", "enddate"};
    if (t.enddate < t.begndate) return Error{Reason::FIELD_INVALID, "结束日期不能早于开始日期", "enddate"};
    r.enddate = t.enddate;
  }
  if (t.vali_flag == "0") r.vali_flag = "0";
  else if (!t.vali_flag.empty() && t.vali_flag != "1") {
    return Error{Reason::FIELD_INVALID, "有效标志须为 1（有效）或 0（无效）", "vali_flag"};
  }
  return r;
}

CatalogueImport read_catalogue_csv(const std::string& raw) {
  CatalogueImport out;
  std::string text = raw;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // Excel's UTF-8 BOM
  std::size_t pos = 0, line = 0;
  std::vector<std::string> fields;
  bool broken = false;
  static const std::vector<std::string> header = {"med_list_codg", "name", "chrgitm_lv", "med_chrgitm_type", "price_cap",
                                                  "account_scope", "begndate", "enddate", "vali_flag"};
  if (!next_record(text, pos, fields, broken) || fields != header) {
    out.errors.push_back({1, "", std::string("第一行须为表头：") + kCatalogueCsvHeader});
    return out;
  }
  line = 1;
  std::set<std::string> seen;
  while (next_record(text, pos, fields, broken)) {
    ++line;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line (the file's last, usually)
    if (out.rows.size() + out.errors.size() >= kMaxImportRows) {
      out.errors.push_back({line, "", "一次最多导入 " + std::to_string(kMaxImportRows) + " 行，请分批导入"});
      break;
    }
    if (broken) {
      out.errors.push_back({line, "", "引号未闭合"});
      break;
    }
    if (fields.size() != header.size()) {
      out.errors.push_back({line, "", "应有 " + std::to_string(header.size()) + " 列，实有 " + std::to_string(fields.size()) + " 列"});
      continue;
    }
    auto row = catalogue_row(CatalogueRowText{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
                                              fields[7], fields[8]});
    if (!row) {
      const auto& info = core::info(row.error().reason);
      out.errors.push_back({line, row.error().field, std::string(info.message) + "：" + row.error().detail});
      continue;
    }
    if (!seen.insert(row->med_list_codg).second) {
      out.errors.push_back({line, "med_list_codg", "编码 " + row->med_list_codg + " 在文件中重复"});
      continue;
    }
    out.rows.push_back(std::move(row).value());
  }
  return out;
}

}  // namespace yibao::domain
