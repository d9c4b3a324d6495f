#pragma once
// A demo world behind a live server, as the HTTP suites of the institution interface use it:
// a scratch store (SQLite, or PostgreSQL under api_pg_tests) seeded by `yibao seed-demo`, the
// server on it, and the calls a HIS, a citizen app and the agency console make.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "support/demo_server.h"
#include "support/fsi_client.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {

class DemoApi {
 public:
  // Fails the test (and answers nullptr) when seeding or start-up fails.
  static std::unique_ptr<DemoApi> start(store::Backend backend, const std::vector<std::string>& extra_args = {});

  unsigned short port() const { return server_->port(); }
  const DemoPerson& person(const std::string& name) const { return people_.at(name); }
  ServerProcess& server() { return *server_; }
  const std::string& store_url() const { return database_->url(); }

  // A signed envelope as a HIS sends it (infver "1.0", empty optional envelope fields), a fresh
  // msgid unless given. `area` is mdtrtarea_admvs.
  FsiAnswer fsi(const std::string& institution, const std::string& infno, const std::string& input,
                const std::string& msgid = "", const std::string& area = "110105",
                const std::string& insuplc = "110105");
  std::string next_msgid(const std::string& institution);
  // Any TIF-signed POST as `institution` (the code decode, say).
  HttpResponse signed_post(const std::string& institution, const std::string& target, const std::string& body);
  // An institution registered during the test (its key from the registration's answer).
  void add_institution_secret(const std::string& code, const std::string& secret) { secrets_[code] = secret; }

  HttpResponse send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& token = "", const std::string& content_type = "application/json");
  std::string citizen_token(const std::string& phone);   // demo password
  std::string staff_token(const std::string& username);  // demo staff password
  // One number from the store, read on a connection of the test's own.
  long long count(const std::string& sql);

 private:
  std::unique_ptr<ScratchDatabase> database_;
  std::string data_dir_;
  std::map<std::string, DemoPerson> people_;
  std::map<std::string, std::string> secrets_;
  std::unique_ptr<ServerProcess> server_;
  int seq_ = 0;
};

std::string error_code_of(const HttpResponse& response);  // {"error":{"code"}} of a refusal

}  // namespace yibao::testing
