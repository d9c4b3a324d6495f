#pragma once
// The local birth-certificate (出生医学证明) simulator: the default provider for development,
// tests and `make run` (docs/providers/birth-certificate.md). It knows only the certificates
// registered with add() — the demo seed and tests register newborns there — and answers like a
// real provider:
//
// * validate_query() first (FIELD_MISSING; FIELD_INVALID field "certificate_no" for a number
//   that is not one letter + 9 digits; a lower-case letter is accepted and upper-cased);
// * an unregistered number → BIRTH_CERTIFICATE_NOT_FOUND;
// * a registered number whose mother's name (exact) or ID number (X case-insensitive) differs
//   from the query → BIRTH_CERTIFICATE_MOTHER_MISMATCH (the detail never reveals the recorded
//   mother);
// * otherwise the registered certificate.
//
// State is in memory and lives in ONE process only. Thread-safe: every member function may be
// called from any thread.

#include <filesystem>
#include <mutex>
#include <vector>
#include <string>
#include <unordered_map>

#include "providers/birth_certificate_provider.h"

namespace yibao::providers {

class BirthCertificateSimulator final : public BirthCertificateProvider {
 public:
  core::Result<BirthCertificate> lookup(const BirthCertificateQuery& query) override;

  // Registers (or replaces) a certificate under its number, upper-cased. Throws
  // std::invalid_argument if certificate_no is not one letter + 9 digits: seeds and tests must
  // register numbers that a query can reach.
  void add(BirthCertificate certificate);

  // The simulated hospitals' records may live in a JSON-lines file (one certificate per line),
  // written by `yibao seed-demo`, so a demo newborn survives restarts. A missing file means no
  // records; a malformed line is an error naming the line.
  core::Status load(const std::filesystem::path& file);
  static core::Status save(const std::filesystem::path& file, const std::vector<BirthCertificate>& certificates);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, BirthCertificate> certificates_;  // guarded by mutex_
};

}  // namespace yibao::providers
