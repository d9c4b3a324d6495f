#pragma once
// The services wired over a scratch database (both stores), with a fake clock, the face
// simulator in two-step mode and fast password hashing — for use-case tests.

#include <memory>
#include <string>

#include "core/clock.h"
#include "providers/face_simulator.h"
#include "services/agency_service.h"
#include "services/code_service.h"
#include "services/credential_service.h"
#include "store/admin_repo.h"
#include "support/test_store.h"

namespace yibao::testing {

// 2026-11-23 10:00 Asia/Shanghai.
std::chrono::system_clock::time_point fixture_start();

// A valid GB 11643 number for someone born `years_ago` years before `today` in `area`.
std::string make_id_number(const std::string& area, std::chrono::year_month_day today, int years_ago, int sequence);

class ServiceTest : public StoreTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  struct PersonSpec {
    std::string name;
    std::string id_number;
    std::string insutype = "310";
    std::string admdvs = "110105";
    std::string status = "normal";
    std::string psn_type = "1101";
  };
  // Creates a person with one current enrolment; returns the person id.
  std::int64_t add_person(const PersonSpec& spec);
  std::int64_t add_enrolment(std::int64_t person_id, const std::string& insutype, const std::string& admdvs,
                             const std::string& status, bool current);
  std::string psn_no_of(std::int64_t person_id);
  void set_policy(const std::string& admdvs, const std::string& knobs_json);
  std::int64_t add_staff(const std::string& username, const std::string& admdvs, const std::string& password);
  void add_institution(const std::string& code, const std::string& admdvs, const std::string& secret);
  // Funds a 110105 person's 当年/历年 accounts (opened if need be) through the ledger, from the
  // region's contribution income, as one transfer.
  void fund(std::int64_t person, std::int64_t current, std::int64_t prior);

  // A face check for `purpose`, completed with `sample` ("pass", "mismatch", ...).
  std::string face(const std::string& id_number, const std::string& name, providers::FacePurpose purpose,
                   const std::string& sample = "pass", const std::string& channel = "app");
  // Activates on `channel` with a passing face check; returns the session token.
  std::string activate(const std::string& id_number, const std::string& name, const std::string& pin,
                       const std::string& channel = "app");

  std::chrono::year_month_day today() const;

  std::unique_ptr<core::FakeClock> clock_;
  std::unique_ptr<core::RegionDirectory> regions_;
  services::Keys keys_;
  std::unique_ptr<providers::FaceSimulator> face_;
  std::unique_ptr<qr::CodeTokenCodec> codec_;
  std::unique_ptr<services::PasswordHasher> hasher_;
  std::unique_ptr<services::ServiceContext> ctx_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<services::CredentialService> credentials_;
  std::unique_ptr<services::CodeService> codes_;
  std::unique_ptr<services::AgencyService> agency_;
};

}  // namespace yibao::testing
