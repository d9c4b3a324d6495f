// 医保钱包 (issue 16) through its use cases, on both stores: a 共济额度 is a hold the relative's
// settlement spends and its reversal restores to the fen; a quota raised while the giver and
// the relative both pay never overdraws; an accepted transfer pays from the receiver's wallet;
// the 06:00 return job run twice (and on two instances at once) moves each fen once; unbinding
// ends a quota and frees what it held; the audit stays clean throughout.
#include <gtest/gtest.h>

#include <thread>

#include "services/account_service.h"
#include "services/catalogue_seed.h"
#include "services/settlement_service.h"
#include "services/wallet_service.h"
#include "store/family_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

class Wallet : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    wallet_ = std::make_unique<services::WalletService>(*ctx_);
    settle_ = std::make_unique<services::SettlementService>(*ctx_);
    add_institution("H11010500001", "110105", "secret");
    db_->write([&](store::Tx& tx) { services::seed_catalogue(tx); });
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    sister_id = make_id_number("110105", today(), 50, 12);
    sister = add_person({"张建华", sister_id, "390", "110105", "normal", "1501"});
    fund(zhang, 30000, 50000);
    bind(zhang, sister, "sibling");
    ASSERT_TRUE(wallet_->open(zhang, "app").ok());
    ASSERT_TRUE(wallet_->open(sister, "app").ok());
  }

  void bind(std::int64_t holder, std::int64_t member, const std::string& relation) {
    db_->write([&](store::Tx& tx) {
      store::FamilyBindingRow b;
      b.holder_person_id = holder;
      b.member_person_id = member;
      b.route = "id_number";
      b.relation = relation;
      b.status = "draft";
      b.channel = "app";
      b.created_at_us = services::now_us(*clock_);
      b.id = store::FamilyRepo::insert(tx, b);
      binding = b.id;
      store::FamilyRepo::activate(tx, b.id, b.created_at_us, "2026-11");
    });
  }

  services::FsiCaller caller(const std::string& infno, const std::string& msgid) {
    auto inst = db_->read([&](store::Tx& tx) { return *store::InstitutionRepo::find(tx, "H11010500001"); });
    return services::FsiCaller{inst, infno, msgid, "110105"};
  }

  // 2201 + 2204 + 2207 of the basket (阿莫西林 20.00, 胸片 90.00, 口罩 2.00 outside the account
  // scope) for `person`; answers the settlement's "setl_id|acct_pay|acct_mulaid_pay|cash".
  core::Result<std::string> settle(std::int64_t person, const std::string& id_number, const std::string& insutype,
                                   const std::string& tag) {
    const auto psn = psn_no_of(person);
    services::VisitOpen open{"outpatient", psn, insutype, "11", "2026-11-23 10:00:00", {"02", id_number, ""}, tag, "", ""};
    auto visit = settle_->open_visit(caller("2201", "v-" + tag), open);
    if (!visit) return visit.error();
    std::vector<services::FeeInput> lines = {{"1", "B1", "XJ01CAA040A001010100001", "amx", 2000, 20000, 100},
                                             {"2", "B1", "210102015", "dr", 9000, 1000, 9000},
                                             {"3", "B1", "C0301020010200000002", "mask", 200, 1000, 200}};
    auto uploaded = settle_->upload_fees(caller("2204", "u-" + tag), visit->mdtrt_id, psn, lines);
    if (!uploaded) return uploaded.error();
    services::SettleRequest r;
    r.kind = "outpatient";
    r.psn_no = psn;
    r.cert = {"02", id_number, ""};
    r.med_type = "11";
    r.medfee_sumamt = 11200;
    r.mdtrt_id = visit->mdtrt_id;
    r.chrg_bchno = "B1";
    r.insutype = insutype;
    r.acct_used_flag = true;
    mdtrt[tag] = visit->mdtrt_id;
    return settle_->settle(caller("2207", "s-" + tag), r, [](const services::SettlementView& v) {
      return v.row.setl_id + "|" + std::to_string(v.row.acct_pay) + "|" + std::to_string(v.row.acct_mulaid_pay) + "|" +
             std::to_string(v.row.psn_cash_pay);
    });
  }

  store::LedgerAccount account(const std::string& code) {
    return db_->read([&](store::Tx& tx) { return *store::LedgerRepo::account(tx, code); });
  }
  store::LedgerAccount prior() { return account(services::prior_account_code(zhang)); }
  std::int64_t quota_left() {
    const auto v = wallet_->view(zhang);
    for (const auto& r : v.relatives) {
      if (r.person_id == sister && r.quota) return r.quota->left;
    }
    return -1;
  }
  void expect_audit_clean() {
    const auto report = db_->read([&](store::Tx& tx) { return store::LedgerRepo::audit(tx); });
    EXPECT_TRUE(report.clean()) << (report.findings.empty() ? "total " + std::to_string(report.total_balance)
                                                            : report.findings[0].account_code + ": " +
                                                                  report.findings[0].problem);
  }

  std::unique_ptr<services::WalletService> wallet_;
  std::unique_ptr<services::SettlementService> settle_;
  std::string zhang_id, sister_id;
  std::int64_t zhang = 0, sister = 0, binding = 0;
  std::map<std::string, std::string> mdtrt;
};

TEST_P(Wallet, AQuotaIsHeldSpentByTheRelativesSettlementAndRestoredByItsReversal) {
  auto quota = wallet_->set_quota(zhang, sister, 5000);
  ASSERT_TRUE(quota.ok()) << code_of(quota);
  EXPECT_EQ(quota->left, 5000);
  EXPECT_EQ(prior().balance(), 50000) << "a quota moves no money";
  EXPECT_EQ(prior().available(), 45000) << "… but the giver can no longer spend it";

  // 390 at a 三级 hospital: fund 6.00; of the 104.00 in the account scope the quota pays 50.00.
  auto paid = settle(sister, sister_id, "390", "Q1");
  ASSERT_TRUE(paid.ok()) << code_of(paid);
  const auto f = split_bars(*paid);
  EXPECT_EQ(f[1], "0");
  EXPECT_EQ(f[2], "5000");
  EXPECT_EQ(f[3], std::to_string(11200 - 600 - 5000));
  EXPECT_EQ(prior().balance(), 45000);
  EXPECT_EQ(prior().debits_pending, 0);
  EXPECT_EQ(quota_left(), 0);
  expect_audit_clean();

  // The reversal puts the 50.00 back under the quota, not into the giver's free balance.
  ASSERT_TRUE(settle_->reverse(caller("2208", "r-Q1"), f[0], mdtrt["Q1"], psn_no_of(sister),
                               [](const services::SettlementView& v) { return v.row.setl_id; })
                  .ok());
  EXPECT_EQ(prior().balance(), 50000);
  EXPECT_EQ(prior().available(), 45000);
  EXPECT_EQ(quota_left(), 5000);
  expect_audit_clean();

  // Lowered to 20.00: 30.00 is free again; to 0: the quota ends and holds nothing.
  ASSERT_TRUE(wallet_->set_quota(zhang, sister, 2000).ok());
  EXPECT_EQ(prior().available(), 48000);
  auto ended = wallet_->set_quota(zhang, sister, 0);
  ASSERT_TRUE(ended.ok()) << code_of(ended);
  EXPECT_EQ(ended->row.status, "ended");
  EXPECT_EQ(prior().available(), 50000);
  EXPECT_EQ(prior().debits_pending, 0);
  expect_audit_clean();
}

TEST_P(Wallet, AQuotaCannotExceedWhatIsFreeAndNeedsABoundCloseRelativeWithAWallet) {
  // The region's default source is 历年 only: 500.00 free there.
  EXPECT_EQ(code_of(wallet_->set_quota(zhang, sister, 50001)), "QUOTA_EXCEEDS_BALANCE");
  EXPECT_TRUE(wallet_->set_quota(zhang, sister, 50000).ok());
  const auto stranger = add_person({"王五", make_id_number("110105", today(), 30, 21), "390"});
  EXPECT_EQ(code_of(wallet_->set_quota(zhang, stranger, 100)), "FAMILY_NOT_BOUND");
  const auto son = add_person({"张小宇", make_id_number("110105", today(), 10, 23), "390", "110105", "normal", "1403"});
  bind(zhang, son, "child");
  EXPECT_EQ(code_of(wallet_->set_quota(zhang, son, 100)), "QUOTA_EXCEEDS_BALANCE") << "the sister's quota holds it all";
  EXPECT_EQ(code_of(wallet_->set_quota(sister, zhang, 100)), "FAMILY_NOT_BOUND");
  expect_audit_clean();
}

TEST_P(Wallet, AQuotaRaisedWhileTheGiverAndTheRelativePayNeverOverdraws) {
  // The giver's own visit draws on 历年 first, where the quota is held.
  set_policy("110000", R"({"own_account_order": "prior_first"})");
  ASSERT_TRUE(wallet_->set_quota(zhang, sister, 4000).ok());
  core::Result<services::QuotaView> raised = core::Error{core::Reason::INTERNAL_ERROR};
  core::Result<std::string> own = core::Error{core::Reason::INTERNAL_ERROR};
  core::Result<std::string> relative = core::Error{core::Reason::INTERNAL_ERROR};
  // The giver's own visit and the sister's run in the same instant as the raise to all of 历年.
  std::thread t1([&] { raised = wallet_->set_quota(zhang, sister, 50000); });
  std::thread t2([&] { own = settle(zhang, zhang_id, "310", "C-own"); });
  std::thread t3([&] { relative = settle(sister, sister_id, "390", "C-rel"); });
  t1.join();
  t2.join();
  t3.join();
  const auto p = prior(), c = account(services::current_account_code(zhang));
  EXPECT_GE(p.balance(), 0);
  EXPECT_GE(p.available(), 0) << "what is held never exceeds the balance";
  EXPECT_GE(c.available(), 0);
  // Whatever order they ran in, every fen is accounted for: what left 历年 is what the two
  // settlements took from it.
  std::int64_t spent_from_prior = 50000 - p.balance();
  std::int64_t paid_by_accounts = 0;
  if (own.ok()) paid_by_accounts += std::stoll(split_bars(*own)[1]);
  if (relative.ok()) paid_by_accounts += std::stoll(split_bars(*relative)[2]);
  EXPECT_EQ(spent_from_prior + (30000 - c.balance()), paid_by_accounts);
  expect_audit_clean();
}

TEST_P(Wallet, AnAcceptedTransferPaysFromTheReceiversWalletFirst) {
  auto sent = wallet_->send(zhang, sister, 3000);
  ASSERT_TRUE(sent.ok()) << code_of(sent);
  EXPECT_EQ(prior().available(), 47000);
  EXPECT_EQ(code_of(wallet_->send(zhang, sister, 100)), "WALLET_PENDING_TRANSFER");
  EXPECT_EQ(code_of(wallet_->accept(zhang, sent->row.id)), "WALLET_TRANSFER_NOT_FOUND") << "only the receiver accepts";
  auto accepted = wallet_->accept(sister, sent->row.id);
  ASSERT_TRUE(accepted.ok()) << code_of(accepted);
  EXPECT_EQ(accepted->row.status, "accepted");
  EXPECT_EQ(code_of(wallet_->accept(sister, sent->row.id)), "WALLET_TRANSFER_CLOSED");
  EXPECT_EQ(prior().balance(), 47000);
  EXPECT_EQ(prior().debits_pending, 0);
  EXPECT_EQ(account(services::wallet_account_code(sister)).balance(), 3000);

  ASSERT_TRUE(wallet_->set_quota(zhang, sister, 10000).ok());
  auto paid = settle(sister, sister_id, "390", "W1");
  ASSERT_TRUE(paid.ok()) << code_of(paid);
  EXPECT_EQ(split_bars(*paid)[2], "10400") << "30.00 from her wallet, 74.00 from the quota";
  EXPECT_EQ(account(services::wallet_account_code(sister)).balance(), 0);
  EXPECT_EQ(quota_left(), 10000 - 7400);
  expect_audit_clean();
}

// Staff reverse a transfer with a reason: refused once the receiver spent part of it (nothing
// changes); an unaccepted one voids its hold; an accepted, unspent one moves back to the fen.
TEST_P(Wallet, AStaffReversalTakesBackOnlyWhatTheReceiverHasNotSpent) {
  auto spent = wallet_->send(zhang, sister, 3000);
  ASSERT_TRUE(spent.ok()) << code_of(spent);
  ASSERT_TRUE(wallet_->accept(sister, spent->row.id).ok());
  auto paid = settle(sister, sister_id, "390", "R1");  // her share 104.00: the wallet's 30.00 first
  ASSERT_TRUE(paid.ok()) << code_of(paid);
  EXPECT_EQ(code_of(wallet_->reverse({7, sister, spent->row.id, ""})), "FIELD_MISSING");
  EXPECT_EQ(code_of(wallet_->reverse({7, sister, spent->row.id, "投诉"})), "WALLET_REVERSAL_SPENT");
  EXPECT_EQ(wallet_->view(sister).transfers.front().row.status, "accepted") << "a refusal changes nothing";

  clock_->advance(std::chrono::hours{24});  // the next day: a new daily count
  auto pending = wallet_->send(zhang, sister, 2000);
  ASSERT_TRUE(pending.ok()) << code_of(pending);
  EXPECT_EQ(prior().available(), 50000 - 3000 - 2000);
  EXPECT_EQ(code_of(wallet_->reverse({7, binding + 999, pending->row.id, "x"})), "WALLET_TRANSFER_NOT_FOUND");
  auto voided = wallet_->reverse({7, zhang, pending->row.id, "转错人"});
  ASSERT_TRUE(voided.ok()) << code_of(voided);
  EXPECT_EQ(voided->row.status, "reversed");
  EXPECT_EQ(voided->row.close_note, "转错人");
  EXPECT_EQ(prior().available(), 50000 - 3000);
  EXPECT_EQ(prior().debits_pending, 0);

  auto kept = wallet_->send(zhang, sister, 1500);
  ASSERT_TRUE(kept.ok()) << code_of(kept);
  ASSERT_TRUE(wallet_->accept(sister, kept->row.id).ok());
  auto back = wallet_->reverse({7, sister, kept->row.id, "核实后撤销"});
  ASSERT_TRUE(back.ok()) << code_of(back);
  EXPECT_EQ(account(services::wallet_account_code(sister)).balance(), 0);
  EXPECT_EQ(prior().balance(), 50000 - 3000);
  EXPECT_EQ(code_of(wallet_->reverse({7, sister, kept->row.id, "again"})), "WALLET_TRANSFER_CLOSED");
  expect_audit_clean();
}

TEST_P(Wallet, TheReturnJobRunTwiceAndOnTwoInstancesReturnsEachTransferOnce) {
  auto sent = wallet_->send(zhang, sister, 2000);
  ASSERT_TRUE(sent.ok()) << code_of(sent);
  // Sent 2026-11-23 10:00 Beijing: returns 2026-11-24 06:00, not a minute before.
  clock_->set(fixture_start() + std::chrono::hours{20} - std::chrono::minutes{1});
  EXPECT_EQ(wallet_->return_due().returned, 0);
  clock_->advance(std::chrono::minutes{1});
  services::WalletService second(*ctx_);
  services::ReturnReport a, b;
  std::thread t1([&] { a = wallet_->return_due(); });
  std::thread t2([&] { b = second.return_due(); });
  t1.join();
  t2.join();
  EXPECT_EQ(a.returned + b.returned, 1);
  EXPECT_EQ(a.amount + b.amount, 2000);
  EXPECT_EQ(wallet_->return_due().returned, 0) << "the second run finds nothing";
  EXPECT_EQ(prior().balance(), 50000);
  EXPECT_EQ(prior().available(), 50000);
  EXPECT_EQ(code_of(wallet_->accept(sister, sent->row.id)), "WALLET_TRANSFER_CLOSED");
  // The giver may send again now: nothing is pending.
  EXPECT_TRUE(wallet_->send(zhang, sister, 100).ok());
  expect_audit_clean();
}

TEST_P(Wallet, UnbindingEndsTheQuotaAndFreesWhatItHeld) {
  ASSERT_TRUE(wallet_->set_quota(zhang, sister, 8000).ok());
  EXPECT_EQ(prior().available(), 42000);
  db_->write([&](store::Tx& tx) {
    auto row = store::FamilyRepo::find(tx, binding);
    services::end_quotas_no_longer_allowed(tx, zhang, today(), services::now_us(*clock_));  // nothing yet
    store::FamilyRepo::unbind(tx, row->id, "holder_unbound", "", "holder", services::now_us(*clock_));
    EXPECT_EQ(services::end_quotas_no_longer_allowed(tx, zhang, today(), services::now_us(*clock_)), 1);
  });
  EXPECT_EQ(prior().available(), 50000);
  EXPECT_EQ(prior().debits_pending, 0);
  auto paid = settle(sister, sister_id, "390", "U1");
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(split_bars(*paid)[2], "0") << "an ended quota pays nothing";
  expect_audit_clean();
}

YIBAO_INSTANTIATE_STORE_TEST(Wallet);

}  // namespace
}  // namespace yibao::testing
