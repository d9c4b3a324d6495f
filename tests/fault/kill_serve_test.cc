// kill -9 of `yibao serve` under concurrent settlement load, five times, on both stores
// (issue 18): no settlement a counter was told about is lost, none is made twice.
#include <chrono>
#include <iostream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "fault/settlement_load.h"
#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing::fault {
namespace {

class KillServe : public ::testing::TestWithParam<store::Backend> {};

TEST_P(KillServe, FiveKillsUnderLoadLoseNoAnsweredSettlementAndMakeNoneTwice) {
  ScratchDatabase database(GetParam());
  const std::string data_dir = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("fault-data");
  const auto world = seed_demo_world(database.url(), data_dir);
  ASSERT_TRUE(world);
  SettlementLoad load(*world);
  const std::int64_t balances_before = personal_balances(database.url());

  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> after_ms(400, 1200);
  constexpr int kKills = 5;
  for (int kill = 1; kill <= kKills; ++kill) {
    ServerProcess server(database.url(), demo_server_args(data_dir));
    ASSERT_GT(server.port(), 0);
    std::atomic<bool> stop{false};
    std::thread clients([&] { load.run(server.port(), 4, stop, /*stop_when_unreachable=*/true); });
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(rng)));
    server.kill_hard();  // mid-flight: some calls are committed and unanswered, some not begun
    clients.join();
    // Each restart opens the same store as a crashed one: it must start, and it must audit clean.
    const auto report = audit(database.url(), data_dir);
    ASSERT_TRUE(report.clean) << "after kill " << kill << ":\n" << report.report;
  }

  ServerProcess server(database.url(), demo_server_args(data_dir));
  ASSERT_GT(server.port(), 0);
  const auto summary = check_after_faults(load, server.port(), database.url(), data_dir, balances_before);
  EXPECT_GT(summary.answered, 0u) << "the load never settled anything: the test proved nothing";
  std::cout << "[fault] " << store::backend_name(GetParam()) << ": kill -9 survived " << kKills << " times; "
            << summary.answered << " answered settlements replayed to the same setl_id, " << summary.unanswered
            << " unanswered settled exactly once on replay; personal accounts paid " << summary.account_paid_fen / 100
            << "." << (summary.account_paid_fen % 100) / 10 << summary.account_paid_fen % 10
            << " yuan, matching the settlements; audit clean\n";
}

INSTANTIATE_TEST_SUITE_P(BothStores, KillServe,
                         ::testing::Values(store::Backend::sqlite, store::Backend::postgresql), backend_param_name);

}  // namespace
}  // namespace yibao::testing::fault
