#pragma once
// Persons, enrolments and app accounts (domain.md §4). Plain rows in, plain rows out; the
// rules live in src/domain and the use cases in src/services.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/credential_repo.h"
#include "store/database.h"
#include "store/institution_repo.h"

namespace yibao::store {

struct PersonRow {
  std::int64_t id = 0;
  std::string psn_no;
  std::string id_number;
  std::string name;
  std::string gend;        // "1" male, "2" female (institution-interface codes)
  std::string birth_date;  // YYYY-MM-DD
  std::string naty = "01";
  std::optional<std::string> phone;
  std::string status = "active";  // active | merged | cancelled | deceased
  std::optional<std::int64_t> merged_into;
  std::int64_t created_at_us = 0;
};

struct EnrolmentRow {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string insutype;
  std::string admdvs;
  std::string psn_type;
  std::string status;  // normal | paused | terminated
  std::string start_date;
  std::optional<std::string> end_date;
  std::string benefits_from;
  std::optional<std::string> emp_name;
  bool is_current = false;
  std::int64_t created_at_us = 0;
};

struct AccountRow {
  std::int64_t person_id = 0;
  std::string phone;
  std::string password_hash;
};

// A person with what every call that judges insurance reads next: the enrolments and how many
// active records share the ID number (more than one blocks the credential: PERSON_DUPLICATED).
struct InsuredPerson {
  PersonRow person;
  std::vector<EnrolmentRow> enrolments;  // by start date
  int active_records_with_id_number = 0;  // this one included when active
  // The e-credential, read in the same statement (issue 17: one read for the person, the
  // enrolments and the credential); nullopt before the person's credential row exists.
  std::optional<CredentialRow> credential;
};

struct PersonSearch {
  std::optional<std::string> id_number;
  std::optional<std::string> name;
  std::optional<std::string> psn_no;
  int limit = 50;
};

class PeopleRepo {
 public:
  // Inserts and returns the new id. psn_no must already be set (see next_psn_no).
  static std::int64_t insert_person(Tx& tx, const PersonRow& row);
  // A fresh psn_no for a person insured in `admdvs`: the region code and a sequence, opaque to clients.
  static std::string next_psn_no(Tx& tx, const std::string& admdvs);
  static std::optional<PersonRow> person_by_id(Tx& tx, std::int64_t id);
  static std::optional<PersonRow> person_by_psn_no(Tx& tx, const std::string& psn_no);
  // The same with its enrolments and duplicate count, in one statement.
  static std::optional<InsuredPerson> insured_by_id(Tx& tx, std::int64_t id);
  static std::optional<InsuredPerson> insured_by_psn_no(Tx& tx, const std::string& psn_no);
  // The person whose credential this is (a decoded code names its credential).
  static std::optional<InsuredPerson> insured_by_credential(Tx& tx, std::int64_t credential_id);
  // The ecToken with the person it names, in one statement (issue 17); nullopt for an unknown token.
  struct TokenHolder {
    EcTokenRow token;
    InsuredPerson insured;
  };
  static std::optional<TokenHolder> insured_by_ec_token(Tx& tx, const std::string& token);
  // All records carrying this ID number, active ones first.
  static std::vector<PersonRow> persons_by_id_number(Tx& tx, const std::string& id_number);
  static std::vector<PersonRow> search(Tx& tx, const PersonSearch& query);
  static void mark_merged(Tx& tx, std::int64_t person_id, std::int64_t into);

  static std::int64_t insert_enrolment(Tx& tx, const EnrolmentRow& row);
  static std::vector<EnrolmentRow> enrolments_of(Tx& tx, std::int64_t person_id);
  // Makes `enrolment_id` the only current enrolment of the person (none when nullopt).
  static void set_current_enrolment(Tx& tx, std::int64_t person_id, std::optional<std::int64_t> enrolment_id);

  static void insert_account(Tx& tx, const AccountRow& row, std::int64_t now_us);
  static std::optional<AccountRow> account_by_phone(Tx& tx, const std::string& phone);
  static std::optional<AccountRow> account_of(Tx& tx, std::int64_t person_id);
};

}  // namespace yibao::store
