#include "providers/birth_certificate_simulator.h"

#include <stdexcept>
#include <utility>

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

}  // namespace yibao::providers
