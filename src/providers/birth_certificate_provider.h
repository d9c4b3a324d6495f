#pragma once
// Birth certificate (出生医学证明) lookup by an external provider (domain.md §2, §7): binding a
// newborn to the family account (method B). The holder states the mother's name, the mother's
// ID number and the certificate number; the provider returns the certificate (the baby) only
// if the mother on it matches. The platform shows the result, then the mother passes face
// verification before the binding is done.
//
// Implementations: BirthCertificateSimulator (local, development and tests) and
// BirthCertificateHttpClient (a real provider over HTTP, contract in
// docs/providers/birth-certificate.md). Both are safe to call from many threads.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::providers {

struct BirthCertificateQuery {
  std::string mother_name;
  std::string mother_id_number;
  std::string certificate_no;  // one letter + 9 digits, e.g. "Q440300123"
};

struct BirthCertificate {
  std::string certificate_no;
  std::string baby_name;
  std::string baby_id_number;  // may be empty before 落户 (household registration)
  std::string baby_gend;       // "1" male / "2" female
  std::string birth_date;      // yyyy-MM-dd
  std::string birth_place;
  std::string mother_name;
  std::string mother_id_number;
  std::string father_name;     // may be empty
};

class BirthCertificateProvider {
 public:
  virtual ~BirthCertificateProvider() = default;
  // FIELD_MISSING / FIELD_INVALID for a query validate_query() refuses;
  // BIRTH_CERTIFICATE_NOT_FOUND (404) for an unknown certificate number;
  // BIRTH_CERTIFICATE_MOTHER_MISMATCH (409) when the certificate exists but the mother's name or
  // ID number does not match it; BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE (503) if the provider
  // cannot be reached.
  virtual core::Result<BirthCertificate> lookup(const BirthCertificateQuery& query) = 0;
};

// The canonical certificate number: one letter (upper-cased) + 9 digits; nullopt otherwise.
std::optional<std::string> normalize_certificate_no(std::string_view text);

// FIELD_MISSING (field named) for an empty mother_name, mother_id_number or certificate_no;
// FIELD_INVALID (field "certificate_no") for a number that is not one letter + 9 digits.
core::Status validate_query(const BirthCertificateQuery& query);

// Whether two ID numbers are the same (the check character X compared case-insensitively).
bool id_numbers_equal(std::string_view a, std::string_view b);

}  // namespace yibao::providers
