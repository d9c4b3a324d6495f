// Reconciliation over the institution interface: 3201 对总账 (totals of a period), 3202 对明细账
// (row by row, through files), and the file transactions it needs: 9101 upload, 9102 download.
#include <sodium.h>

#include "core/clock.h"
#include "http/api/fsi_call.h"
#include "services/institution_files.h"
#include "services/reconciliation_service.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;

// A count sent as a JSON number (12) or a numeric string ("12"), as HIS systems do both.
core::Result<std::int64_t> whole_number(const json::object& data, const char* field) {
  const std::string path = std::string("data.") + field;
  const auto* v = data.if_contains(field);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) {
    return core::Error{core::Reason::FIELD_MISSING, path, path};
  }
  const std::string text = fsi::is_number(*v) ? std::string(fsi::number_text(*v))
                           : v->is_string()   ? std::string(v->as_string())
                                              : std::string();
  auto scaled = fsi::scaled_decimal(text, 0);
  if (!scaled || *scaled < 0) return core::Error{core::Reason::FIELD_INVALID, "须为非负整数", path};
  return *scaled;
}

services::ReconScope scope_of(Reader& r) {
  services::ReconScope s;
  s.insutype = r.opt("insutype").value_or("");
  s.clr_type = r.opt("clr_type").value_or("");
  s.setl_optins = r.req("setl_optins");
  s.stmt_begndate = r.req("stmt_begndate");
  s.stmt_enddate = r.req("stmt_enddate");
  return s;
}

core::Result<std::string> t3201(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  services::TotalsRequest request;
  request.scope = scope_of(r);
  request.institution.medfee_sumamt = r.amount("medfee_sumamt");
  request.institution.fund_pay_sumamt = r.amount("fund_pay_sumamt");
  request.institution.acct_pay = r.amount("acct_pay");
  request.refd_setl_flag = r.opt("refd_setl_flag").value_or("0");
  if (r.error) return *r.error;
  auto count = whole_number(**in, "fixmedins_setl_cnt");
  if (!count) return count.error();
  request.institution.count = *count;
  auto result = services::ReconciliationService(call.ctx).totals(call.caller, request);
  if (!result) return result.error();
  json::object info{{"setl_optins", request.scope.setl_optins},
                    {"stmt_rslt", result->comparison.balanced ? "0" : "1"},
                    {"stmt_rslt_dscr", result->comparison.description},
                    {"medfee_sumamt", fsi::money(result->platform.medfee_sumamt)},
                    {"fund_pay_sumamt", fsi::money(result->platform.fund_pay_sumamt)},
                    {"acct_pay", fsi::money(result->platform.acct_pay)},
                    {"fixmedins_setl_cnt", result->platform.count}};
  return fsi::serialize_exact(json::object{{"stmtinfo", info}});
}

// fsUploadIn.in: the bytes as HIS SDKs send them — a JSON array of byte values (Java's signed
// bytes, -128..127, or 0..255) — or as a base64 string.
core::Result<std::string> file_bytes(const json::object& in) {
  const auto* v = in.if_contains("in");
  if (v == nullptr || v->is_null()) return core::Error{core::Reason::FIELD_MISSING, "fsUploadIn.in", "fsUploadIn.in"};
  std::string out;
  if (v->is_array()) {
    if (v->as_array().size() > services::kMaxFileBytes) {
      return core::Error{core::Reason::FSI_FILE_TOO_LARGE, std::to_string(v->as_array().size()), "fsUploadIn.in"};
    }
    out.reserve(v->as_array().size());
    for (const auto& b : v->as_array()) {
      auto value = fsi::is_number(b) ? fsi::scaled_decimal(fsi::number_text(b), 0) : std::nullopt;
      if (!value) {
        // scaled_decimal takes no sign: a signed Java byte comes as "-12".
        const auto text = fsi::is_number(b) ? fsi::number_text(b) : std::string_view();
        if (text.size() > 1 && text[0] == '-') {
          auto magnitude = fsi::scaled_decimal(text.substr(1), 0);
          if (magnitude && *magnitude <= 128) value = -*magnitude;
        }
      }
      if (!value || *value < -128 || *value > 255) {
        return core::Error{core::Reason::FIELD_INVALID, "文件内容须为字节数组", "fsUploadIn.in"};
      }
      out.push_back(static_cast<char>(static_cast<unsigned char>(*value & 0xFF)));
    }
    return out;
  }
  if (!v->is_string() || fsi::is_number(*v)) {
    return core::Error{core::Reason::FIELD_INVALID, "文件内容须为字节数组或 base64 字符串", "fsUploadIn.in"};
  }
  const auto& text = v->as_string();
  out.resize(text.size() / 4 * 3 + 3);
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), "\r\n",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return core::Error{core::Reason::FIELD_INVALID, "文件内容不是有效的 base64", "fsUploadIn.in"};
  }
  out.resize(len);
  return out;
}

core::Result<std::string> t9101(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "fsUploadIn");
  if (!in) return in.error();
  Reader r{**in, "fsUploadIn", std::nullopt};
  const std::string filename = r.req("filename");
  const auto code = r.opt("fixmedins_code");
  if (r.error) return *r.error;
  if (code && *code != call.caller.institution.code) {
    return core::Error{core::Reason::FSI_INSTITUTION_MISMATCH, *code, "fsUploadIn.fixmedins_code"};
  }
  auto bytes = file_bytes(**in);
  if (!bytes) return bytes.error();
  auto stored = services::InstitutionFiles(call.ctx).upload(call.caller, filename, *bytes);
  if (!stored) return stored.error();
  json::object out{{"file_qury_no", stored->file_qury_no},
                   {"filename", stored->filename},
                   {"dld_endtime", dld_endtime(stored->expires_at_us)}};
  return fsi::serialize_exact(out);
}

// 9102 answers the file itself (the route sends these bytes as application/octet-stream).
core::Result<std::string> t9102(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "fsDownloadIn");
  if (!in) return in.error();
  Reader r{**in, "fsDownloadIn", std::nullopt};
  const std::string file_qury_no = r.req("file_qury_no");
  const std::string filename = r.opt("filename").value_or("");
  const auto code = r.opt("fixmedins_code");
  if (r.error) return *r.error;
  if (code && *code != call.caller.institution.code) {
    return core::Error{core::Reason::FSI_INSTITUTION_MISMATCH, *code, "fsDownloadIn.fixmedins_code"};
  }
  auto file = services::InstitutionFiles(call.ctx).download(call.caller, file_qury_no, filename);
  if (!file) return file.error();
  return file->content;
}

core::Result<std::string> t3202(services::SettlementService&, const Call& call) {
  auto in = node(call.envelope.input, "data");
  if (!in) return in.error();
  Reader r{**in, "data", std::nullopt};
  services::DetailsRequest request;
  request.scope = scope_of(r);
  request.file_qury_no = r.req("file_qury_no");
  if (r.error) return *r.error;
  auto result = services::ReconciliationService(call.ctx).details(call.caller, request);
  if (!result) return result.error();
  json::object info{{"file_qury_no", result->file.file_qury_no},
                    {"filename", result->file.filename},
                    {"dld_endtime", dld_endtime(result->file.expires_at_us)},
                    {"stmt_rslt", result->differences == 0 ? "0" : "1"},
                    {"diff_cnt", static_cast<std::int64_t>(result->differences)},
                    {"fixmedins_setl_cnt", static_cast<std::int64_t>(result->institution_rows)},
                    {"setl_cnt", static_cast<std::int64_t>(result->platform_rows)}};
  return fsi::serialize_exact(json::object{{"fileinfo", info}});
}

}  // namespace

void add_reconciliation_handlers(FsiHandlers& table) {
  table.emplace("3201", t3201);
  table.emplace("3202", t3202);
  table.emplace("9101", t9101);
  table.emplace("9102", t9102);
}

}  // namespace yibao::http::api
