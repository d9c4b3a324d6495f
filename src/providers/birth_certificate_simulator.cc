#include "providers/birth_certificate_simulator.h"

#include <fstream>
#include <stdexcept>
#include <utility>

#include <boost/json.hpp>

namespace yibao::providers {

using core::Reason;

core::Result<BirthCertificate> BirthCertificateSimulator::lookup(const BirthCertificateQuery& query) {
  if (auto valid = validate_query(query); !valid) return valid.error();
  const auto number = *normalize_certificate_no(query.certificate_no);

  std::lock_guard lock(mutex_);
  const auto it = certificates_.find(number);
  if (it == certificates_.end()) return Reason::BIRTH_CERTIFICATE_NOT_FOUND;
  const auto& certificate = it->second;
  if (certificate.mother_name != query.mother_name ||
      !id_numbers_equal(certificate.mother_id_number, query.mother_id_number)) {
    return Reason::BIRTH_CERTIFICATE_MOTHER_MISMATCH;
  }
  return certificate;
}

void BirthCertificateSimulator::add(BirthCertificate certificate) {
  auto number = normalize_certificate_no(certificate.certificate_no);
  if (!number) throw std::invalid_argument("出生医学证明编号应为 1 位字母加 9 位数字");
  certificate.certificate_no = *number;
  std::lock_guard lock(mutex_);
  certificates_.insert_or_assign(std::move(*number), std::move(certificate));
}

namespace {

constexpr const char* kFields[] = {"certificate_no", "baby_name", "baby_id_number", "baby_gend", "birth_date",
                                   "birth_place", "mother_name", "mother_id_number", "father_name"};

std::string* field_of(BirthCertificate& c, std::string_view name) {
  if (name == "certificate_no") return &c.certificate_no;
  if (name == "baby_name") return &c.baby_name;
  if (name == "baby_id_number") return &c.baby_id_number;
  if (name == "baby_gend") return &c.baby_gend;
  if (name == "birth_date") return &c.birth_date;
  if (name == "birth_place") return &c.birth_place;
  if (name == "mother_name") return &c.mother_name;
  if (name == "mother_id_number") return &c.mother_id_number;
  if (name == "father_name") return &c.father_name;
  return nullptr;
}

}  // namespace

core::Status BirthCertificateSimulator::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return {};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      return core::Error{core::Reason::FIELD_INVALID, file.string() + ":" + std::to_string(number) + ": 不是 JSON 对象"};
    }
    BirthCertificate c;
    for (const char* name : kFields) {
      if (const auto* v = value.as_object().if_contains(name); v != nullptr && v->is_string()) {
        *field_of(c, name) = std::string(v->as_string());
      }
    }
    if (!normalize_certificate_no(c.certificate_no)) {
      return core::Error{core::Reason::FIELD_INVALID, file.string() + ":" + std::to_string(number) + ": 证明编号不正确"};
    }
    add(std::move(c));
  }
  return {};
}

core::Status BirthCertificateSimulator::save(const std::filesystem::path& file,
                                             const std::vector<BirthCertificate>& certificates) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::app);
  if (!out) return core::Error{core::Reason::INTERNAL_ERROR, "无法写入 " + file.string()};
  for (auto c : certificates) {
    boost::json::object o;
    for (const char* name : kFields) o[name] = *field_of(c, name);
    out << boost::json::serialize(o) << "\n";
  }
  return {};
}

}  // namespace yibao::providers
