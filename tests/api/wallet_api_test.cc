// 医保钱包 over real HTTP, on both stores (issue 16): 张建华, insured in 上海, buys at a 上海
// pharmacy (2102) and her brother's 共济额度 — held on his 北京 历年 account — pays her share;
// the reversal (2103) puts it back under the quota. His held and free balances are checked to
// the fen in his own wallet page, and the ledger audit stays clean. Then the app's wallet
// calls: a transfer, its refusals by rule, and its acceptance.
#include <memory>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/money.h"
#include "support/demo_api.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

constexpr const char* kShanghaiPharmacy = "P31010400004";

class WalletApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = DemoApi::start(api_backend(), {"--demo-clock"});
    ASSERT_TRUE(demo_);
  }
  // Transfers stop 22:00–06:00 Beijing time: a transfer case runs at 10:00 tomorrow on the demo
  // clock (which only moves forward), whenever CI runs it. Not for institution calls: a HIS
  // stamps its envelopes with the real time.
  static void move_to_tomorrow_morning() {
    const auto tomorrow = core::shanghai_date(std::chrono::system_clock::now() + std::chrono::hours{24});
    auto moved = demo_->send("POST", "/api/agency/v1/demo/clock",
                             R"({"set":")" + core::format_date(tomorrow) + R"( 10:00:00"})", demo_->staff_token("bj_agent"));
    ASSERT_EQ(moved.status, 200u) << moved.body;
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static json::object wallet_of(const std::string& phone) {
    auto a = demo_->send("GET", "/api/v1/me/wallet", "", demo_->citizen_token(phone));
    EXPECT_EQ(a.status, 200u) << a.body;
    return json::parse(a.body).as_object();
  }
  static std::int64_t fen(const json::object& o, const char* field) { return o.at(field).as_int64(); }
  static void expect_audit_clean() {
    auto a = demo_->send("GET", "/api/agency/v1/ledger/audit", "", demo_->staff_token("bj_agent"));
    ASSERT_EQ(a.status, 200u) << a.body;
    EXPECT_TRUE(json::parse(a.body).at("clean").as_bool()) << a.body;
  }

  // 2102 at the 上海 pharmacy: 布洛芬 6.00 ×4 boxes (甲, in the account scope), as a POS sends it.
  static FsiAnswer buy(const DemoPerson& p) {
    return demo_->fsi(kShanghaiPharmacy, "2102",
                      R"({"druginfo":{"psn_no":")" + p.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" +
                          p.id_number + R"(","medfee_sumamt":24.00,"insutype":"390","acct_used_flag":"1","psn_setlway":"01",)"
                          R"("mdtrt_id":"","dise_codg":"","dise_name":"","fulamt_ownpay_amt":""},)"
                          R"("drugdetail":[{"feedetl_sn":"1","fee_ocur_time":"2026-11-23 10:00:00",)"
                          R"("med_list_codg":"XN02BEA013A001010100001","medins_list_codg":"","det_item_fee_sumamt":24.00,)"
                          R"("cnt":16,"pric":1.50,"bilg_dr_codg":"","bilg_dr_name":""}]})",
                      "", "310104", "310104");
  }

  static inline std::unique_ptr<DemoApi> demo_;
};

TEST_F(WalletApi, ACrossProvinceReceiverSettlesOnHerBrothersQuotaAndTheReversalRestoresItToTheFen) {
  const auto& sister = demo_->person("张建华");
  const auto before = wallet_of("13800000001");  // 张建国
  const auto& own_before = before.at("own").as_object();
  EXPECT_EQ(fen(own_before, "held_fen"), 50000) << "the demo's 500.00 quota is held";
  const auto free_before = fen(own_before, "free_fen");

  auto paid = buy(sister);
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const auto& s = paid.output().at("setlinfo").as_object();
  const std::string setl_id(s.at("setl_id").as_string());
  const std::string mdtrt_id(s.at("mdtrt_id").as_string());
  // acct_mulaid_pay as the interface sends it: yuan with two decimals, read exactly.
  const auto at = paid.raw_output.find("\"acct_mulaid_pay\":");
  ASSERT_NE(at, std::string::npos) << paid.raw_output;
  const auto from = at + std::string("\"acct_mulaid_pay\":").size();
  auto aid_money = core::Money::parse(paid.raw_output.substr(from, paid.raw_output.find(',', from) - from));
  ASSERT_TRUE(aid_money.ok()) << paid.raw_output;
  const std::int64_t aid = aid_money->fen();
  EXPECT_GT(aid, 0) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"acct_pay\":0.00"), std::string::npos) << "a resident has no account of her own";

  const auto after = wallet_of("13800000001");
  EXPECT_EQ(fen(after.at("own").as_object(), "held_fen"), 50000 - aid) << "the quota paid, not his free balance";
  EXPECT_EQ(fen(after.at("own").as_object(), "free_fen"), free_before);
  const auto hers = wallet_of("13800000007");
  ASSERT_EQ(hers.at("received_quotas").as_array().size(), 1u);
  EXPECT_EQ(fen(hers.at("received_quotas").as_array()[0].as_object(), "left_fen"), 50000 - aid);
  expect_audit_clean();

  auto reversed = demo_->fsi(kShanghaiPharmacy, "2103",
                             R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" +
                                 sister.psn_no + R"("}})",
                             "", "310104", "310104");
  ASSERT_EQ(reversed.infcode(), 0) << reversed.http.body;
  const auto back = wallet_of("13800000001");
  EXPECT_EQ(fen(back.at("own").as_object(), "held_fen"), 50000) << "back under the quota, to the fen";
  EXPECT_EQ(fen(back.at("own").as_object(), "free_fen"), free_before);
  expect_audit_clean();
}

TEST_F(WalletApi, ATransferIsRefusedByItsRulesThenSentAndAccepted) {
  move_to_tomorrow_morning();
  const auto giver = demo_->citizen_token("13800000001");
  const auto receiver = demo_->citizen_token("13800000007");
  std::int64_t sister = 0;
  const auto mine = wallet_of("13800000001");
  for (const auto& r : mine.at("relatives").as_array()) {
    if (r.at("relation").as_string() == "sibling") sister = r.at("person_id").as_int64();
  }
  ASSERT_GT(sister, 0);
  const auto send = [&](const std::string& amount) {
    return demo_->send("POST", "/api/v1/me/wallet/transfers",
                       R"({"receiver_person_id":)" + std::to_string(sister) + R"(,"amount":")" + amount + R"("})", giver);
  };
  auto too_much = send("2000.01");
  EXPECT_EQ(too_much.status, 400u) << too_much.body;
  EXPECT_EQ(error_code_of(too_much), "WALLET_TRANSFER_AMOUNT_LIMIT");
  EXPECT_EQ(error_code_of(send("12.345")), "MONEY_INVALID");
  auto sent = send("100.00");
  ASSERT_EQ(sent.status, 201u) << sent.body;
  const auto transfer = json::parse(sent.body).as_object();
  EXPECT_EQ(transfer.at("status").as_string(), "pending");
  auto blocked = send("1.00");
  EXPECT_EQ(blocked.status, 409u);
  EXPECT_EQ(error_code_of(blocked), "WALLET_PENDING_TRANSFER");
  EXPECT_NE(json::parse(blocked.body).at("error").at("message").as_string().size(), 0u);

  const auto id = std::to_string(transfer.at("id").as_int64());
  EXPECT_EQ(error_code_of(demo_->send("POST", "/api/v1/me/wallet/transfers/" + id + "/accept", "", giver)),
            "WALLET_TRANSFER_NOT_FOUND");
  auto accepted = demo_->send("POST", "/api/v1/me/wallet/transfers/" + id + "/accept", "", receiver);
  ASSERT_EQ(accepted.status, 200u) << accepted.body;
  EXPECT_EQ(json::parse(accepted.body).at("status").as_string(), "accepted");
  EXPECT_EQ(fen(wallet_of("13800000007"), "balance_fen"), 10000);
  expect_audit_clean();
}

}  // namespace
}  // namespace yibao::testing
