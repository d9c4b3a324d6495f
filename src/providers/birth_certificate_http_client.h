#pragma once
// A real birth-certificate (出生医学证明) provider over HTTP/1.1 (contract:
// docs/providers/birth-certificate.md).
//
//   GET {prefix}/v1/birth-certificates/{certificate_no}?mother_id_number=…&mother_name=…
//       (values percent-encoded, UTF-8)
//       → 200 {"certificate_no","baby_name","baby_id_number","baby_gend","birth_date",
//              "birth_place","mother_name","mother_id_number","father_name"}
//       → 404 BIRTH_CERTIFICATE_NOT_FOUND, 409 BIRTH_CERTIFICATE_MOTHER_MISMATCH
//
// Every request carries X-App-Id (when configured) and X-Api-Key. Transport errors, timeouts,
// other statuses, malformed bodies and fields off the contract (another certificate number or
// another mother's ID number than asked for, a baby_gend other than "1"/"2", a birth_date that
// is not yyyy-MM-dd) are BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE (503); the error's detail never
// holds a name, an ID number, the certificate number or the key.
//
// Transport: providers/json_http_call.h. Stateless: safe to use from many threads.

#include "providers/birth_certificate_provider.h"
#include "providers/json_http_call.h"

namespace yibao::providers {

using BirthCertificateHttpConfig = ProviderHttpConfig;

class BirthCertificateHttpClient final : public BirthCertificateProvider {
 public:
  explicit BirthCertificateHttpClient(const BirthCertificateHttpConfig& config);

  // validate_query() first: a refused query is never sent (the number goes into the URL path).
  core::Result<BirthCertificate> lookup(const BirthCertificateQuery& query) override;

 private:
  JsonHttpCaller caller_;
};

}  // namespace yibao::providers
