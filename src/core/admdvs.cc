#include "core/admdvs.h"

#include <algorithm>
#include <fstream>
#include <optional>

namespace yibao::core {
namespace {

// GB/T 2260 lists some city-level rows that are groupings, not places: the 市辖区 / 县 of the
// municipalities and the 省/自治区直辖县级行政区划 of Henan, Hubei, Hainan and Xinjiang. A person
// never writes them in an address, so they are left out of full names.
bool is_placeholder_city(std::string_view name) {
  constexpr std::string_view kDirectlyAdministered = "直辖县级行政区划";
  return name == "市辖区" || name == "县" ||
         (name.size() >= kDirectlyAdministered.size() &&
          name.substr(name.size() - kDirectlyAdministered.size()) == kDirectlyAdministered);
}

std::optional<RegionLevel> level_from(std::string_view text) {
  if (text == "province") return RegionLevel::province;
  if (text == "city") return RegionLevel::city;
  if (text == "county") return RegionLevel::county;
  return std::nullopt;
}

struct Row {
  Region region;
  std::optional<Admdvs> parent;
  std::size_t line;
};

Error corrupt(const std::string& path, std::size_t line, std::string_view what) {
  return Error{Reason::INTERNAL_ERROR,
               "行政区划数据文件 " + path + " 第 " + std::to_string(line) + " 行无效：" + std::string(what)};
}

// Splits on '\t'; exactly `n` fields or nothing.
std::optional<std::vector<std::string_view>> split_tabs(std::string_view line, std::size_t n) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (fields.size() != n) return std::nullopt;
  return fields;
}

}  // namespace

Result<Admdvs> Admdvs::parse(std::string_view text) {
  const bool six_digits =
      text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!six_digits) return Error{Reason::ADMDVS_INVALID, "应为 6 位数字"};
  return Admdvs{std::string(text)};
}

Result<RegionDirectory> RegionDirectory::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Reason::INTERNAL_ERROR, "无法打开行政区划数据文件 " + path};

  std::vector<Row> rows;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split_tabs(line, 4);
    if (!fields) return corrupt(path, line_no, "应为 4 列");
    const auto code = Admdvs::parse((*fields)[0]);
    if (!code) return corrupt(path, line_no, "区划代码不是 6 位数字");
    const auto level = level_from((*fields)[1]);
    if (!level) return corrupt(path, line_no, "层级应为 province、city 或 county");
    if ((*fields)[2].empty()) return corrupt(path, line_no, "名称为空");
    std::optional<Admdvs> parent;
    if (*level == RegionLevel::province) {
      if (!(*fields)[3].empty()) return corrupt(path, line_no, "省级区划不应有上级");
    } else {
      auto parent_code = Admdvs::parse((*fields)[3]);
      if (!parent_code) return corrupt(path, line_no, "上级区划代码不是 6 位数字");
      if (!parent_code->same_province(*code)) return corrupt(path, line_no, "上级区划不在同一省份");
      parent = *parent_code;
    }
    rows.push_back(Row{Region{*code, *level, std::string((*fields)[2]), {}, {}, {}}, parent, line_no});
  }
  if (in.bad()) return Error{Reason::INTERNAL_ERROR, "读取行政区划数据文件 " + path + " 失败"};
  if (rows.empty()) return Error{Reason::INTERNAL_ERROR, "行政区划数据文件 " + path + " 中没有任何区划"};

  // Sorting puts every parent before its children (a parent's code is a prefix padded with 0s).
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.region.code < b.region.code; });

  RegionDirectory directory;
  directory.regions_.reserve(rows.size());
  directory.index_.reserve(rows.size());
  for (Row& row : rows) {
    Region& region = row.region;
    if (directory.index_.count(region.code.value()) != 0) {
      return corrupt(path, row.line, "区划代码重复：" + region.code.value());
    }
    if (row.parent) {
      const Region* parent = directory.lookup(*row.parent);
      const RegionLevel expected =
          region.level == RegionLevel::city ? RegionLevel::province : RegionLevel::city;
      if (parent == nullptr || parent->level != expected) {
        return corrupt(path, row.line, "上级区划 " + row.parent->value() + " 不存在或层级不符");
      }
      region.province_name = parent->province_name;
      if (region.level == RegionLevel::city) {
        region.city_name = is_placeholder_city(region.name) ? std::string{} : region.name;
        region.full_name = region.province_name + region.city_name;
      } else {
        region.city_name = parent->city_name;
        region.full_name = parent->full_name + region.name;
      }
    } else {
      region.province_name = region.name;
      region.full_name = region.name;
    }
    directory.index_.emplace(region.code.value(), directory.regions_.size());
    directory.regions_.push_back(std::move(region));
  }
  return directory;
}

const Region* RegionDirectory::lookup(const Admdvs& code) const {
  const auto it = index_.find(code.value());
  return it == index_.end() ? nullptr : &regions_[it->second];
}

Result<Admdvs> RegionDirectory::resolve(std::string_view text) const {
  auto code = Admdvs::parse(text);
  if (!code) return code;
  if (lookup(*code) == nullptr) return Error{Reason::ADMDVS_UNKNOWN, "未找到区划代码 " + code->value()};
  return code;
}

}  // namespace yibao::core
