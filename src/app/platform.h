#pragma once
// Everything a running yibao needs, built once from the configuration: the store, the clock,
// the region directory, keys, providers and the services. `serve` and `seed-demo` share it.

#include <filesystem>
#include <memory>
#include <string>

#include "app/config.h"
#include "core/admdvs.h"
#include "core/clock.h"
#include "core/demo_clock.h"
#include "core/result.h"
#include "providers/face_provider.h"
#include "providers/birth_certificate_provider.h"
#include "providers/face_simulator.h"
#include "qr/code_token.h"
#include "services/account_service.h"
#include "services/agency_admin_service.h"
#include "services/agency_service.h"
#include "services/mutual_aid_service.h"
#include "services/wallet_service.h"
#include "services/family_service.h"
#include "providers/household_provider.h"
#include "providers/sms_provider.h"
#include "services/code_service.h"
#include "services/contribution_service.h"
#include "services/credential_service.h"
#include "services/password_hasher.h"
#include "services/service_context.h"
#include "services/session_service.h"
#include "store/database.h"
#include "store/pool.h"

namespace yibao::app {

// Where the birth-certificate simulator keeps its records (written by seed-demo).
std::filesystem::path birth_certificate_fixture(const Config& config);

class Platform {
 public:
  // Error.detail says what failed (region file, secrets, face provider URL). Throws
  // store::StoreUnavailable if the database cannot be reached.
  static core::Result<std::unique_ptr<Platform>> build(const Config& config);

  store::Pool& pool() { return *pool_; }
  store::Database& db() { return *db_; }
  services::ServiceContext& context() { return *context_; }
  services::SessionService& sessions() { return *sessions_; }
  services::CredentialService& credentials() { return *credentials_; }
  services::CodeService& codes() { return *codes_; }
  services::AgencyService& agency() { return *agency_; }
  services::AgencyAdminService& agency_admin() { return *agency_admin_; }
  services::AccountService& accounts() { return *accounts_; }
  services::MutualAidService& mutual_aid() { return *mutual_aid_; }
  services::ContributionService& contributions() { return *contributions_; }
  services::FamilyService& family() { return *family_; }
  services::WalletService& wallet() { return *wallet_; }
  providers::FaceSimulator* face_simulator() { return simulator_; }
  providers::BirthCertificateProvider& birth_certificates() { return *birth_certificates_; }
  const core::RegionDirectory& regions() const { return *regions_; }
  core::DemoClock& clock() { return clock_; }

 private:
  Platform() = default;
  core::DemoClock clock_;  // the system clock unless `serve --demo-clock` moves it
  std::unique_ptr<core::RegionDirectory> regions_;
  services::Keys keys_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<store::Pool> replica_pool_;  // store.replica_url, when set
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<providers::FaceProvider> face_;
  providers::FaceSimulator* simulator_ = nullptr;
  std::unique_ptr<providers::BirthCertificateProvider> birth_certificates_;
  std::unique_ptr<qr::CodeTokenCodec> codec_;
  std::unique_ptr<services::PasswordHasher> hasher_;
  std::unique_ptr<services::ServiceContext> context_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<services::CredentialService> credentials_;
  std::unique_ptr<services::CodeService> codes_;
  std::unique_ptr<services::AgencyService> agency_;
  std::unique_ptr<services::AgencyAdminService> agency_admin_;
  std::unique_ptr<services::AccountService> accounts_;
  std::unique_ptr<services::MutualAidService> mutual_aid_;
  std::unique_ptr<services::ContributionService> contributions_;
  std::unique_ptr<providers::HouseholdProvider> household_;
  std::unique_ptr<providers::SmsProvider> sms_;
  std::unique_ptr<services::FamilyService> family_;
  std::unique_ptr<services::WalletService> wallet_;
};

}  // namespace yibao::app
