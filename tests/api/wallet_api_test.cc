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
    if (moved_) return;  // forward only: once per run
    moved_ = true;
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

  static std::int64_t sister_id() {
    const auto mine = wallet_of("13800000001");
    for (const auto& r : mine.at("relatives").as_array()) {
      if (r.at("relation").as_string() == "sibling") return r.at("person_id").as_int64();
    }
    return 0;
  }
  static HttpResponse send_to_sister(const std::string& amount) {
    return demo_->send("POST", "/api/v1/me/wallet/transfers",
                       R"({"receiver_person_id":)" + std::to_string(sister_id()) + R"(,"amount":")" + amount + R"("})",
                       demo_->citizen_token("13800000001"));
  }
  static json::object staff_wallet_of(const std::string& psn_no) {
    auto a = demo_->send("GET", "/api/agency/v1/persons/" + psn_no + "/wallet", "", demo_->staff_token("bj_agent"));
    EXPECT_EQ(a.status, 200u) << a.body;
    return json::parse(a.body).as_object();
  }
  static HttpResponse staff_reverse(const std::string& psn_no, std::int64_t transfer, const std::string& body) {
    return demo_->send("POST", "/api/agency/v1/persons/" + psn_no + "/wallet/transfers/" + std::to_string(transfer) + "/reverse",
                       body, demo_->staff_token("bj_agent"));
  }
  // The 亲属共济额度 line of one of 张建华's settlements in her spending ("张*国", fen), or 0.
  static std::int64_t quota_line_of(const std::string& setl_id) {
    auto a = demo_->send("GET", "/api/v1/me/spending", "", demo_->citizen_token("13800000007"));
    EXPECT_EQ(a.status, 200u) << a.body;
    const auto spending = json::parse(a.body);
    for (const auto& s : spending.at("settlements").as_array()) {
      if (s.at("setl_id").as_string() != setl_id) continue;
      for (const auto& p : s.at("payers").as_array()) {
        if (p.at("kind").as_string() != "quota") continue;
        EXPECT_EQ(p.at("person_name").as_string(), "张*国");
        return p.at("amount_fen").as_int64();
      }
    }
    return 0;
  }
  static std::vector<std::string> codes(const json::value& blockers) {
    std::vector<std::string> out;
    for (const auto& b : blockers.as_array()) out.emplace_back(b.at("code").as_string());
    return out;
  }

  static inline std::unique_ptr<DemoApi> demo_;
  static inline bool moved_ = false;
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
  // Her spending explains who paid: her brother's quota on a line of its own, to the fen.
  EXPECT_EQ(quota_line_of(setl_id), aid);

  auto reversed = demo_->fsi(kShanghaiPharmacy, "2103",
                             R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" +
                                 sister.psn_no + R"("}})",
                             "", "310104", "310104");
  ASSERT_EQ(reversed.infcode(), 0) << reversed.http.body;
  const auto back = wallet_of("13800000001");
  EXPECT_EQ(fen(back.at("own").as_object(), "held_fen"), 50000) << "back under the quota, to the fen";
  EXPECT_EQ(fen(back.at("own").as_object(), "free_fen"), free_before);
  expect_audit_clean();
  const std::string reversal_id(reversed.output().at("setlinfo").at("setl_id").as_string());
  EXPECT_EQ(quota_line_of(reversal_id), -aid) << "the reversal pays the quota back";
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

// The diagnosis names a transfer waiting for the receiver; staff see the holds behind the
// wallet and reverse transfers with a reason: an unaccepted one (its hold voided, nothing moved)
// and an accepted one (the money back from her wallet to his account, to the fen).
TEST_F(WalletApi, StaffSeeTheHoldsAndReverseTransfersWithAReason) {
  move_to_tomorrow_morning();
  const auto& brother = demo_->person("张建国");
  const auto before = wallet_of("13800000001").at("own").as_object();
  const auto sister_before = fen(wallet_of("13800000007"), "balance_fen");

  auto sent = send_to_sister("50.00");
  ASSERT_EQ(sent.status, 201u) << sent.body;
  const auto pending_id = json::parse(sent.body).at("id").as_int64();
  // Her side: why her brother's money cannot simply pay — the transfer waiting, returning at 06:00.
  const auto givers = wallet_of("13800000007").at("givers").as_array();
  ASSERT_EQ(givers.size(), 1u);
  EXPECT_FALSE(givers[0].at("can_pay").as_bool());
  ASSERT_EQ(codes(givers[0].at("aid_blockers")), std::vector<std::string>{"WALLET_TRANSFER_UNACCEPTED"}) << givers[0];
  EXPECT_NE(std::string(givers[0].at("aid_blockers").as_array()[0].at("detail").as_string()).find("06:00 退回"),
            std::string::npos);

  // The console: the quota's holds and the unaccepted transfer's, each by account part.
  const auto seen = staff_wallet_of(brother.psn_no);
  std::int64_t transfer_held = 0, quota_held = 0;
  for (const auto& h : seen.at("holds").as_array()) {
    if (h.at("status").as_string() != "pending") continue;
    (h.at("kind").as_string() == "quota" ? quota_held : transfer_held) += h.at("held_fen").as_int64();
  }
  EXPECT_EQ(transfer_held, 5000);
  EXPECT_EQ(quota_held + transfer_held, fen(seen.at("own").as_object(), "held_fen"));

  auto no_reason = staff_reverse(brother.psn_no, pending_id, R"({"reason":""})");
  EXPECT_EQ(no_reason.status, 400u) << no_reason.body;
  EXPECT_EQ(error_code_of(no_reason), "FIELD_MISSING");
  auto reversed = staff_reverse(brother.psn_no, pending_id, R"({"reason":"转错亲属，本人到窗口申请撤销"})");
  ASSERT_EQ(reversed.status, 200u) << reversed.body;
  EXPECT_EQ(json::parse(reversed.body).at("status").as_string(), "reversed");
  EXPECT_EQ(json::parse(reversed.body).at("close_note").as_string(), "转错亲属，本人到窗口申请撤销");
  auto again = staff_reverse(brother.psn_no, pending_id, R"({"reason":"再次撤销"})");
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(error_code_of(again), "WALLET_TRANSFER_CLOSED");
  const auto after_pending = wallet_of("13800000001").at("own").as_object();
  EXPECT_EQ(fen(after_pending, "held_fen"), fen(before, "held_fen")) << "the hold is voided";
  EXPECT_EQ(fen(after_pending, "free_fen"), fen(before, "free_fen"));
  EXPECT_TRUE(wallet_of("13800000007").at("givers").as_array()[0].at("can_pay").as_bool()) << "nothing waits any more";

  // Accepted, then reversed: back from her wallet to his accounts.
  auto second = send_to_sister("30.00");
  ASSERT_EQ(second.status, 201u) << second.body;
  const auto accepted_id = json::parse(second.body).at("id").as_int64();
  auto accepted = demo_->send("POST", "/api/v1/me/wallet/transfers/" + std::to_string(accepted_id) + "/accept", "",
                              demo_->citizen_token("13800000007"));
  ASSERT_EQ(accepted.status, 200u) << accepted.body;
  EXPECT_EQ(fen(wallet_of("13800000007"), "balance_fen"), sister_before + 3000);
  EXPECT_EQ(fen(wallet_of("13800000001").at("own").as_object(), "free_fen"), fen(before, "free_fen") - 3000);
  // Staff of her record may not be 北京's: the person in the path must be a party.
  auto not_theirs = staff_reverse(demo_->person("李秀英").psn_no, accepted_id, R"({"reason":"x"})");
  EXPECT_EQ(error_code_of(not_theirs), "WALLET_TRANSFER_NOT_FOUND") << not_theirs.body;
  auto back = staff_reverse(brother.psn_no, accepted_id, R"({"reason":"亲属投诉，核实后撤销"})");
  ASSERT_EQ(back.status, 200u) << back.body;
  EXPECT_EQ(fen(wallet_of("13800000007"), "balance_fen"), sister_before);
  EXPECT_EQ(fen(wallet_of("13800000001").at("own").as_object(), "free_fen"), fen(before, "free_fen"));
  expect_audit_clean();
}

// The quota pays 居民医保 contributions: hers (she pays for herself from what she receives) and
// refuses one it cannot cover, changing nothing.
TEST_F(WalletApi, AQuotaPaysTheRelativesResidentContributionAndRefusesWhatItCannotCover) {
  const auto& sister = demo_->person("张建华");
  const auto left_before = fen(wallet_of("13800000007").at("received_quotas").as_array()[0].as_object(), "left_fen");
  const auto pay = [&](const std::string& phone, const std::string& year) {
    return demo_->send("POST", "/api/v1/me/contributions",
                       R"({"id_number":")" + sister.id_number + R"(","name":"张建华","year":")" + year +
                           R"(","pay_from":"quota"})",
                       demo_->citizen_token(phone));
  };
  auto paid = pay("13800000007", "2027");
  ASSERT_EQ(paid.status, 201u) << paid.body;
  const auto row = json::parse(paid.body).as_object();
  EXPECT_EQ(row.at("paid_from").as_string(), "wallet_quota");
  const auto amount = row.at("amount_fen").as_int64();
  ASSERT_GT(amount, 0);
  const auto left = fen(wallet_of("13800000007").at("received_quotas").as_array()[0].as_object(), "left_fen");
  EXPECT_EQ(left, left_before - amount);
  const auto giver = wallet_of("13800000001").at("own").as_object();
  ASSERT_LT(left, amount) << "the demo's 500.00 quota covers one year of 400.00";
  auto short_of = pay("13800000001", "2028");
  EXPECT_EQ(short_of.status, 409u) << short_of.body;
  EXPECT_EQ(error_code_of(short_of), "CONTRIBUTION_QUOTA_SHORT");
  EXPECT_EQ(fen(wallet_of("13800000007").at("received_quotas").as_array()[0].as_object(), "left_fen"), left);
  EXPECT_EQ(fen(wallet_of("13800000001").at("own").as_object(), "held_fen"), fen(giver, "held_fen"));
  auto bad = demo_->send("POST", "/api/v1/me/contributions",
                         R"({"id_number":")" + sister.id_number + R"(","name":"张建华","year":"2029","pay_from":"wallet"})",
                         demo_->citizen_token("13800000007"));
  EXPECT_EQ(error_code_of(bad), "FIELD_INVALID");
  expect_audit_clean();
}

}  // namespace
}  // namespace yibao::testing
