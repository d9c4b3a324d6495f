#include "core/institution_code.h"

#include <algorithm>

namespace yibao::core {
namespace {

Error invalid(std::string detail) {
  return Error{Reason::INSTITUTION_CODE_INVALID, std::move(detail), "fixmedins_code"};
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<InstitutionCode> InstitutionCode::parse(std::string_view text) {
  if (text.size() != 12) return invalid("应为 12 位，当前为 " + std::to_string(text.size()) + " 位");
  if (text[0] != 'H' && text[0] != 'P') return invalid("第 1 位应为 H（医院）或 P（药店）");
  if (!all_digits(text.substr(1, 6))) return invalid("第 2 至 7 位应为 6 位行政区划代码");
  if (!all_digits(text.substr(7))) return invalid("第 8 至 12 位应为 5 位数字顺序号");
  auto admdvs = Admdvs::parse(text.substr(1, 6));
  if (!admdvs) return invalid("第 2 至 7 位应为 6 位行政区划代码");
  return InstitutionCode{std::string(text), std::move(admdvs).value()};
}

Result<InstitutionCode> InstitutionCode::parse(std::string_view text, const RegionDirectory& regions) {
  auto code = parse(text);
  if (!code) return code;
  if (regions.lookup(code->admdvs()) == nullptr) {
    return Error{Reason::ADMDVS_UNKNOWN, "机构编号中的区划代码 " + code->admdvs().value() + " 不存在",
                 "fixmedins_code"};
  }
  return code;
}

}  // namespace yibao::core
