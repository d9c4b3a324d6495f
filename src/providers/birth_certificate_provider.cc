#include "providers/birth_certificate_provider.h"

namespace yibao::providers {
namespace {

using core::Error;
using core::Reason;

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::optional<std::string> normalize_certificate_no(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  std::string out(text);
  out[0] = upper(out[0]);
  if (out[0] < 'A' || out[0] > 'Z') return std::nullopt;
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] < '0' || out[i] > '9') return std::nullopt;
  }
  return out;
}

core::Status validate_query(const BirthCertificateQuery& query) {
  if (query.mother_name.empty()) return Error{Reason::FIELD_MISSING, {}, "mother_name"};
  if (query.mother_id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "mother_id_number"};
  if (query.certificate_no.empty()) return Error{Reason::FIELD_MISSING, {}, "certificate_no"};
  if (!normalize_certificate_no(query.certificate_no)) {
    return Error{Reason::FIELD_INVALID, "出生医学证明编号应为 1 位字母加 9 位数字，例如 Q440300123", "certificate_no"};
  }
  return core::Status::Ok();
}

bool id_numbers_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}

}  // namespace yibao::providers
