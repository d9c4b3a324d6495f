#pragma once
// How an ec_tokens row is read into plain variables: the ecToken read (InstitutionRepo::ec_token)
// and the person read that joins the token (PeopleRepo::insured_by_ec_token) share one column
// list and one mapping, so a column added is read in both.

#include <optional>
#include <string>
#include <tuple>

#include <soci/soci.h>

#include "store/institution_repo.h"

namespace yibao::store {

// The columns of ec_tokens `alias`, and whether a settlement already used the token (through the
// partial unique index settlements_ec_token_once), in EcTokenFetch::intos() order.
inline std::string ec_token_columns(const std::string& alias) {
  const std::string a = alias + ".";
  return a + "token, " + a + "person_id, " + a + "credential_id, " + a + "shown_by_person_id, " + a +
         "institution_code, " + a + "business_type, " + a + "issued_at_us, " + a + "expires_at_us," +
         " (SELECT COUNT(*) FROM settlements s WHERE s.ec_token = " + a + "token AND s.kind = 'settle')";
}

struct EcTokenFetch {
  EcTokenRow row;
  long long person = 0, credential = 0, shown = 0, issued = 0, expires = 0;
  int settled = 0;
  soci::indicator shown_ind = soci::i_ok;

  auto intos() {
    return std::make_tuple(soci::into(row.token), soci::into(person), soci::into(credential),
                           soci::into(shown, shown_ind), soci::into(row.institution_code),
                           soci::into(row.business_type), soci::into(issued), soci::into(expires), soci::into(settled));
  }
  EcTokenRow take() {
    row.person_id = person;
    row.credential_id = credential;
    row.shown_by_person_id = shown_ind == soci::i_ok ? std::optional<std::int64_t>(shown) : std::nullopt;
    row.issued_at_us = issued;
    row.expires_at_us = expires;
    row.settled = settled > 0;
    return row;
  }
};

}  // namespace yibao::store
