#pragma once
// The demo world (docs/DEMO.md): fictional people, families, institutions, agency staff and
// region policies that `make run` seeds into an empty store, so a newcomer can log in, show a
// code, decode it as a hospital and work the agency console at once.
//
// Dates are relative to the context's clock (today in Asia/Shanghai), so every person's age
// stays right in any year; ID numbers are built from those birth dates and are therefore
// different from year to year — render_demo_summary() lists them.
//
// Demo *people* and *staff* passwords are fixed and documented (they are fictional users).
// Institution secrets are not: 32 random bytes per institution, generated at seeding time,
// never stored in the repository.

#include <string>
#include <vector>

#include "providers/birth_certificate_provider.h"
#include "services/service_context.h"

namespace yibao::services {

struct DemoLogin {
  std::string who;       // the person's name
  std::string phone;     // account login (手机号)
  std::string password;  // login password
  std::string pin;       // the credential's 6-digit password (PIN)
  std::string note;      // what this person demonstrates
};

struct DemoInstitution {
  std::string code, name, secret;
};

struct DemoStaff {
  std::string username, password, admdvs, name;
};

// Everyone seeded, with the values a demo needs to type (ID numbers change with the year).
struct DemoPerson {
  std::string name;
  std::string id_number;
  std::string psn_no;
  std::string note;
};

struct DemoSummary {
  bool seeded = false;
  std::vector<DemoLogin> logins;
  std::vector<DemoInstitution> institutions;
  std::vector<DemoStaff> staff;
  std::vector<DemoPerson> people;
  std::vector<providers::BirthCertificate> birth_certificates;  // for the birth-certificate simulator
};

// Seeds the demo world if the store has no persons yet, in one write transaction (all argon2
// hashing happens before it opens). Idempotent: on a store that already has persons it returns
// seeded=false and changes nothing. Region policies, staff and institutions that already exist
// are left as they are (an existing institution keeps its secret, which the summary reports).
DemoSummary seed_demo_world(ServiceContext& ctx);

// A human-readable Chinese+English text block listing logins, people, staff and institutions.
// Machine-readable lines (one record per line, space-separated, fields 1–4 fixed):
//   login <phone> password <password> pin <pin> | <who> | <note>
//   person <psn_no> id_number <id_number> | <name> | <note>
//   staff <username> password <password> admdvs <admdvs> | <name>
//   institution <code> secret <64 hex> | <name>
// scripts/demo-decode reads the `institution` lines of var/demo-world.txt.
std::string render_demo_summary(const DemoSummary& summary);

}  // namespace yibao::services
