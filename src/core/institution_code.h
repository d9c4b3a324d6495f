#pragma once
// 定点医药机构编号 (fixmedins_code): 'H' (hospital) or 'P' (pharmacy), the 6-digit admdvs of the
// institution's region, then a 5-digit sequence number, e.g. H11010500001.

#include <string>
#include <string_view>
#include <utility>

#include "core/admdvs.h"
#include "core/result.h"

namespace yibao::core {

enum class InstitutionKind { hospital, pharmacy };

class InstitutionCode {
 public:
  // INSTITUTION_CODE_INVALID, with a detail naming the part that is wrong (length, kind letter,
  // region digits, sequence digits). Upper-case letters only, as issued.
  static Result<InstitutionCode> parse(std::string_view text);
  // As above, then ADMDVS_UNKNOWN if the region part is not in `regions`.
  static Result<InstitutionCode> parse(std::string_view text, const RegionDirectory& regions);

  const std::string& value() const { return value_; }
  InstitutionKind kind() const { return value_[0] == 'H' ? InstitutionKind::hospital : InstitutionKind::pharmacy; }
  const Admdvs& admdvs() const { return admdvs_; }
  std::string_view sequence() const { return std::string_view(value_).substr(7); }

  friend bool operator==(const InstitutionCode&, const InstitutionCode&) = default;

 private:
  InstitutionCode(std::string value, Admdvs admdvs) : value_(std::move(value)), admdvs_(std::move(admdvs)) {}
  std::string value_;
  Admdvs admdvs_;
};

}  // namespace yibao::core
