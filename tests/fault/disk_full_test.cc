// SQLite's disk fills up under settlement load (issue 18): calls answer 503 STORE_UNAVAILABLE,
// nothing is half-written, and the same process settles again once space returns.
// Runs inside tests/fault/in-mount-namespace, which lets it mount a small tmpfs of its own.
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>

#include "fault/settlement_load.h"
#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing::fault {
namespace {

namespace fs = std::filesystem;

class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size) : dir_(std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("small-disk")) {
    fs::create_directories(dir_);
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (error_.empty()) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }

  // Writes a filler file until the disk has no byte left.
  void fill() {
    std::ofstream out(dir_ + "/filler", std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
    }
    std::ofstream tail(dir_ + "/filler-tail", std::ios::binary);
    while (tail.put('x')) tail.flush();
  }
  void free_space() {
    fs::remove(dir_ + "/filler");
    fs::remove(dir_ + "/filler-tail");
  }

 private:
  std::string dir_;
  std::string error_;
};

TEST(SqliteDiskFull, CallsAnswerStoreUnavailableNothingHalfWrittenAndServiceResumes) {
  SmallDisk disk("48m");
  ASSERT_EQ(disk.error(), "") << "could not mount a tmpfs: run this test through tests/fault/in-mount-namespace";
  const std::string store_url = "sqlite:" + disk.dir() + "/yibao.db";
  const std::string data_dir = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("disk-full-data");
  const auto world = seed_demo_world(store_url, data_dir);
  ASSERT_TRUE(world);
  SettlementLoad load(*world);
  const std::int64_t balances_before = personal_balances(store_url);
  ServerProcess server(store_url, demo_server_args(data_dir));
  ASSERT_GT(server.port(), 0);
  ASSERT_FALSE(load.call_once(server.port()).setl_id.empty());

  disk.fill();
  // SQLite reuses the free pages it has, so a few calls may still settle; then it needs a new
  // page, and every write must be refused whole with 503 STORE_UNAVAILABLE — never a 500.
  std::vector<std::string> refused;
  for (int i = 0; i < 600 && refused.size() < 5; ++i) {
    const auto call = load.call_once(server.port());
    if (!call.setl_id.empty()) continue;
    ASSERT_EQ(call.http_status, 503u) << call.seen;
    ASSERT_EQ(call.error_code, "STORE_UNAVAILABLE") << call.seen;
    refused.push_back(call.msgid);
  }
  ASSERT_FALSE(refused.empty()) << "600 settlements fitted on a full disk: the disk was not full";
  for (const auto& msgid : refused) {
    EXPECT_EQ(settlements_with_msgid(store_url, msgid), 0) << msgid << " was refused but left a settlement";
  }
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200u);

  // Space returns: the same process settles again without a restart, and every refused msgid,
  // asked again, settles exactly once (check_after_faults replays the unanswered calls).
  disk.free_space();
  ASSERT_FALSE(load.call_once(server.port()).setl_id.empty()) << server.output();
  const auto summary = check_after_faults(load, server.port(), store_url, data_dir, balances_before);
  std::cout << "[fault] sqlite disk full: " << refused.size() << " calls answered 503 STORE_UNAVAILABLE with nothing "
            << "written; the same process settled again after space returned; " << summary.answered + summary.unanswered
            << " settlements accounted to the fen; audit clean\n";
}

}  // namespace
}  // namespace yibao::testing::fault
