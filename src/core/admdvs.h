#pragma once
// Administrative division codes (行政区划代码, GB/T 2260) and the directory of their names.
// Admdvs checks only the shape (6 digits); whether a code exists is the RegionDirectory's job,
// because the list of regions changes over time and comes from a data file.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"

namespace yibao::core {

class Admdvs {
 public:
  // ADMDVS_INVALID unless exactly 6 ASCII digits.
  static Result<Admdvs> parse(std::string_view text);

  const std::string& value() const { return code_; }
  std::string province_code() const { return code_.substr(0, 2) + "0000"; }  // "110000"
  std::string city_code() const { return code_.substr(0, 4) + "00"; }        // "110100"
  bool is_province() const { return code_.compare(2, 4, "0000") == 0; }     // XX0000
  bool same_province(const Admdvs& other) const { return code_.compare(0, 2, other.code_, 0, 2) == 0; }

  friend auto operator<=>(const Admdvs&, const Admdvs&) = default;
  friend bool operator==(const Admdvs&, const Admdvs&) = default;

 private:
  explicit Admdvs(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

enum class RegionLevel { province, city, county };

struct Region {
  Admdvs code;
  RegionLevel level;
  std::string name;           // "朝阳区"; for placeholder cities the dataset's "市辖区" etc.
  std::string province_name;  // "北京市"
  std::string city_name;      // "深圳市"; empty under municipalities and for provinces
  std::string full_name;      // "北京市朝阳区", "广东省深圳市南山区"
};

// Read-only after load, so it may be shared between threads without locking.
class RegionDirectory {
 public:
  // Loads the TSV written by scripts/gen-regions.mjs (`code\tlevel\tname\tparent_code`, '#'
  // comment lines). A missing or malformed file is an INTERNAL_ERROR whose detail names the
  // path and line, since the server cannot answer region questions without it.
  static Result<RegionDirectory> load(const std::string& path);

  // nullptr when the code is not in the directory. O(1).
  const Region* lookup(const Admdvs& code) const;

  // ADMDVS_INVALID for a malformed code, ADMDVS_UNKNOWN for one not in the directory.
  Result<Admdvs> resolve(std::string_view text) const;

  std::size_t size() const { return regions_.size(); }
  std::span<const Region> all() const { return regions_; }  // sorted by code

 private:
  std::vector<Region> regions_;
  std::unordered_map<std::string, std::size_t> index_;  // code -> position in regions_
};

}  // namespace yibao::core

template <>
struct std::hash<yibao::core::Admdvs> {
  std::size_t operator()(const yibao::core::Admdvs& a) const noexcept {
    return std::hash<std::string>{}(a.value());
  }
};
