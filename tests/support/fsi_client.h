#pragma once
// A HIS's side of the institution interface for the HTTP tests: a signed POST of an envelope
// (x-tif-* headers) and its answer with the output node's exact text, so amounts can be
// checked digit for digit ("\"acct_pay\":110.00").

#include <cstdint>
#include <string>

#include <boost/json.hpp>

#include "support/server_process.h"

namespace yibao::testing {

struct FsiAnswer {
  HttpResponse http;
  boost::json::object body;
  std::string raw_output;  // the output node's exact text ("" for a refusal)
  std::int64_t infcode() const { return body.at("infcode").as_int64(); }
  std::string err_code() const;
  const boost::json::object& output() const { return body.at("output").as_object(); }
};

// POSTs `body` to `target` (/fsi/api/callService, or the decode) as `institution`, signed with
// `secret` (timestamp now and a fresh nonce unless given).
HttpResponse signed_tif_post(unsigned short port, const std::string& target, const std::string& body,
                             const std::string& institution, const std::string& secret, std::string ts = "",
                             std::string nonce = "");

// An envelope as a HIS sends it: infver "1.0", the optional envelope fields empty, `input`
// (JSON text) spliced in. `area` is mdtrtarea_admvs, `insuplc` insuplc_admdvs (the patient's
// insured place, as 1101 told the HIS).
std::string his_envelope(const std::string& institution, const std::string& infno, const std::string& msgid,
                         const std::string& input, const std::string& area = "110105",
                         const std::string& insuplc = "110105");

// The answer of an institution call: JSON body and, on success, the output node's own text.
FsiAnswer fsi_answer(HttpResponse http);

}  // namespace yibao::testing
