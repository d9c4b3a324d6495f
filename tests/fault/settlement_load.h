#pragma once
// The fault tests' client: HIS counters settling 2102 drug purchases at a pharmacy as fast as
// the server answers, each with a fresh msgid, while the test kills something underneath. Every
// call is remembered with what the counter saw: a setl_id (answered), or nothing (no answer, a
// broken connection, a 503 — the HIS must ask again with the same msgid, as 2601 or a replay).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "support/demo_server.h"
#include "support/fsi_client.h"

namespace yibao::testing::fault {

inline constexpr const char* kPharmacy = "P11010500003";

struct Call {
  std::string msgid;
  std::string setl_id;  // empty: the counter saw no settlement
  std::string seen;     // what it saw instead (for failure messages)
  unsigned http_status = 0;  // 0: no answer at all (connection refused or cut)
  std::string error_code;    // the reason of a refusal: {"error":{"code"}} or the envelope's err_code
};

class SettlementLoad {
 public:
  SettlementLoad(const DemoWorld& world, std::string person = "张建国");

  // The 2102 envelope for `msgid`, signed and sent; a transport error comes back as http.status 0.
  FsiAnswer send(unsigned short port, const std::string& msgid) const;
  std::string next_msgid();
  // One purchase with a fresh msgid, remembered with what came back; reached = the server answered at all.
  Call call_once(unsigned short port, bool* reached = nullptr);

  // Runs `clients` threads against `port` until `stop` is set, or — with stop_when_unreachable —
  // until each client's first connection failure (the server was killed). Appends every call.
  void run(unsigned short port, int clients, const std::atomic<bool>& stop, bool stop_when_unreachable);

  std::vector<Call> calls() const;
  std::vector<Call> answered() const;
  std::vector<Call> unanswered() const;

 private:
  const DemoWorld& world_;
  DemoPerson person_;
  std::atomic<std::uint64_t> sequence_{0};
  mutable std::mutex mutex_;
  std::vector<Call> calls_;
};

// Σ balances of every personal account (current + prior years), in fen, read on a connection of
// the test's own.
std::int64_t personal_balances(const std::string& store_url);
// Σ (acct_pay + acct_mulaid_pay) of the settlements with msgid in `msgids`.
std::int64_t account_paid(const std::string& store_url, const std::vector<std::string>& msgids);
// How many settlements (kind settle) carry this msgid.
long long settlements_with_msgid(const std::string& store_url, const std::string& msgid);

// `yibao audit` on the store: exit code 0 and its report.
struct AuditResult {
  bool clean = false;
  std::string report;
};
AuditResult audit(const std::string& store_url, const std::string& data_dir);

// After the faults: replays every call's msgid against a healthy server at `port` and checks
// what the issue asks of a platform that lost a process or a machine — every answered
// settlement is present and replays to the same setl_id moving no money, every unanswered one
// settles at most once (exactly once, now that it is asked again), the audit is clean and the
// personal accounts paid exactly what the settlements say. Reports through gtest.
struct ReplaySummary {
  std::size_t answered = 0;
  std::size_t unanswered = 0;
  std::int64_t account_paid_fen = 0;
};
ReplaySummary check_after_faults(SettlementLoad& load, unsigned short port, const std::string& store_url,
                                 const std::string& data_dir, std::int64_t balances_before);

}  // namespace yibao::testing::fault
