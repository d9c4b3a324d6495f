#pragma once
// The yibao subcommands. Each returns the process exit code:
//   0 done, 1 runtime failure (store unreachable, migration refused), 2 bad configuration.

#include "app/config.h"

namespace yibao::app {

struct ServeFlags {
  std::string port_file;  // when set, the bound port is written here (tests use --port 0)
  bool banner = false;    // print a human-readable start-up block (make run)
  bool demo_clock = false;  // staff may move the platform clock (demo stores only, issue 19)
};

int run_serve(const Config& config, const ServeFlags& flags);
int run_migrate(const Config& config);
int run_seed_demo(const Config& config);
// `yibao notify`: one delivery pass over the SMS outbox (serve runs one every few seconds).
int run_deliver_notifications(const Config& config);
// 医保钱包: returns the transfers not accepted by their return time (the 06:00 job, issue 16).
int run_wallet_returns(const Config& config);
// `yibao audit`: recomputes every ledger balance from its entries; exit 0 only when clean.
int run_audit(const Config& config);
// `yibao ledger credit --month YYYY-MM` / `yibao ledger rollover --year YYYY` (scope: an admdvs or "").
int run_monthly_credit(const Config& config, const std::string& month, const std::string& scope);
int run_year_rollover(const Config& config, const std::string& year, const std::string& scope);

}  // namespace yibao::app
