// Institution settlement through the use cases, on both stores: commit moves every fen through
// the ledger (fund, own account, each mutual-aid authoriser, cash), replay is idempotent, a
// batch settles once, reversal restores every fen and the year's accumulators, two concurrent
// settlements never overdraw, and the audit stays clean.
#include <gtest/gtest.h>

#include <thread>

#include "services/account_service.h"
#include "services/catalogue_seed.h"
#include "services/mutual_aid_service.h"
#include "services/remote_filing_service.h"
#include "services/settlement_service.h"
#include "services/spending.h"
#include "store/admin_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/settlement_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

class Settlement : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    svc_ = std::make_unique<services::SettlementService>(*ctx_);
    filings_ = std::make_unique<services::RemoteFilingService>(*ctx_);
    aid_ = std::make_unique<services::MutualAidService>(*ctx_);
    add_institution("H11010500001", "110105", "secret");
    db_->write([&](store::Tx& tx) { services::seed_catalogue(tx); });
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    wife_id = make_id_number("110105", today(), 43, 12);
    wife = add_person({"李秀英", wife_id, "390", "110105", "normal", "1501"});
  }

  services::FsiCaller caller(const std::string& infno, const std::string& msgid) {
    auto inst = db_->read([&](store::Tx& tx) { return *store::InstitutionRepo::find(tx, "H11010500001"); });
    return services::FsiCaller{inst, infno, msgid, "110105"};
  }

  // 2201 + 2204 for `person` with one batch; returns the mdtrt_id.
  std::string visit_with_fees(const std::string& psn_no, const std::string& id_number, const std::string& insutype,
                              const std::string& ipt_otp_no, const std::string& batch,
                              const std::vector<services::FeeInput>& lines) {
    services::VisitOpen open{"outpatient", psn_no, insutype, "11", "2026-11-23 10:00:00", {"02", id_number, ""},
                             ipt_otp_no, "", ""};
    auto visit = svc_->open_visit(caller("2201", "m-" + ipt_otp_no), open);
    EXPECT_TRUE(visit.ok()) << code_of(visit);
    if (!visit.ok()) return {};
    auto with_batch = lines;
    for (auto& l : with_batch) l.chrg_bchno = batch;
    auto uploaded = svc_->upload_fees(caller("2204", "u-" + ipt_otp_no), visit->mdtrt_id, psn_no, with_batch);
    EXPECT_TRUE(uploaded.ok()) << code_of(uploaded);
    return visit->mdtrt_id;
  }

  services::SettleRequest request(const std::string& psn_no, const std::string& id_number, const std::string& insutype,
                                  const std::string& mdtrt_id, const std::string& batch, std::int64_t sum) {
    services::SettleRequest r;
    r.kind = "outpatient";
    r.psn_no = psn_no;
    r.cert = {"02", id_number, ""};
    r.med_type = "11";
    r.medfee_sumamt = sum;
    r.mdtrt_id = mdtrt_id;
    r.chrg_bchno = batch;
    r.insutype = insutype;
    r.acct_used_flag = true;
    return r;
  }

  static std::string render(const services::SettlementView& v) {
    return v.row.setl_id + "|" + std::to_string(v.row.medfee_sumamt) + "|" + std::to_string(v.row.hifp_pay) + "|" +
           std::to_string(v.row.acct_pay) + "|" + std::to_string(v.row.acct_mulaid_pay) + "|" +
           std::to_string(v.row.psn_cash_pay) + "|" + std::to_string(v.balc);
  }

  domain::AccountBalances balances(std::int64_t person) {
    return db_->read([&](store::Tx& tx) { return services::personal_balances(tx, person); });
  }
  store::YtdRow ytd(std::int64_t person, const std::string& insutype) {
    return db_->read([&](store::Tx& tx) {
      return store::SettlementRepo::ytd(tx, person, static_cast<int>(today().year()), insutype);
    });
  }
  bool audit_clean() {
    return db_->read([&](store::Tx& tx) { return store::LedgerRepo::audit(tx).clean(); });
  }

  std::unique_ptr<services::SettlementService> svc_;
  std::unique_ptr<services::RemoteFilingService> filings_;
  std::unique_ptr<services::MutualAidService> aid_;
  std::string zhang_id, wife_id;
  std::int64_t zhang = 0, wife = 0;
};

// 阿莫西林 ×20 at 1.00 (甲, cap 1.20) + 胸片 90.00 (甲) + 医用口罩 2.00 (丙, outside the account scope).
std::vector<services::FeeInput> basket() {
  return {{"1", "", "XJ01CAA040A001010100001", "amx", 2000, 20000, 100},
          {"2", "", "210102015", "dr", 9000, 1000, 9000},
          {"3", "", "C0301020010200000002", "mask", 200, 1000, 200}};
}

TEST_P(Settlement, AnUploadOfManyLinesStoresThemAllAndNamesASerialTheVisitAlreadyHas) {
  // More lines than one multi-row INSERT carries (store/multi_row.h).
  const auto psn = psn_no_of(zhang);
  std::vector<services::FeeInput> lines;
  for (int i = 1; i <= 70; ++i) lines.push_back({std::to_string(i), "", "210102015", "dr", 9000, 1000, 9000});
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP-MANY", "B1", lines);
  ASSERT_FALSE(mdtrt.empty());
  const auto visit_id = db_->read([&](store::Tx& tx) { return store::SettlementRepo::visit(tx, mdtrt)->id; });
  EXPECT_EQ(db_->read([&](store::Tx& tx) { return store::SettlementRepo::open_fees(tx, visit_id, "B1"); }).size(), 70u);

  // A second upload whose 68th line repeats serial 5: refused by that serial, nothing stored.
  std::vector<services::FeeInput> more;
  for (int i = 101; i <= 167; ++i) more.push_back({std::to_string(i), "B1", "210102015", "dr", 9000, 1000, 9000});
  more.push_back({"5", "B1", "210102015", "dr", 9000, 1000, 9000});
  auto refused = svc_->upload_fees(caller("2204", "u-more"), mdtrt, psn, more);
  ASSERT_EQ(code_of(refused), "FSI_FEE_DUPLICATE");
  EXPECT_EQ(refused.error().detail, "5");
  EXPECT_EQ(db_->read([&](store::Tx& tx) { return store::SettlementRepo::open_fees(tx, visit_id, "B1"); }).size(), 70u);
}

TEST_P(Settlement, AnEmployeeSettlementPaysFromFundAccountAndCashAndReversesEveryFen) {
  fund(zhang, 5000, 0);
  const auto psn = psn_no_of(zhang);
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP1", "B1", basket());
  auto out = svc_->settle(caller("2207", "S1"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(out.ok()) << code_of(out);
  const auto f = split_bars(*out);
  // 310 at a 三级 hospital: outpatient deductible 200.00 > in-scope 110.00 → the fund pays 0;
  // the account pays the in-scope share up to its 50.00; 口罩 (outside the scope) and the rest in cash.
  EXPECT_EQ(f[1], "11200");
  EXPECT_EQ(f[2], "0");
  EXPECT_EQ(f[3], "5000");
  EXPECT_EQ(f[4], "0");
  EXPECT_EQ(f[5], "6200");
  EXPECT_EQ(f[6], "0");
  EXPECT_EQ(balances(zhang).current, 0);
  EXPECT_EQ(ytd(zhang, "310").deductible_paid, 11000);
  EXPECT_TRUE(audit_clean());

  auto again = svc_->settle(caller("2207", "S1"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *out) << "a replay returns the first result";
  EXPECT_EQ(code_of(svc_->settle(caller("2207", "S2"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render)),
            "FSI_ALREADY_SETTLED");
  EXPECT_EQ(code_of(svc_->settle(caller("2206", "S1"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render)),
            "FSI_MSGID_REUSED");

  auto reversed = svc_->reverse(caller("2208", "R1"), f[0], mdtrt, psn, render);
  ASSERT_TRUE(reversed.ok()) << code_of(reversed);
  const auto r = split_bars(*reversed);
  EXPECT_EQ(r[1], "-11200");
  EXPECT_EQ(r[3], "-5000");
  EXPECT_EQ(r[6], "5000");
  EXPECT_EQ(balances(zhang).current, 5000);
  EXPECT_EQ(ytd(zhang, "310").deductible_paid, 0);
  EXPECT_EQ(ytd(zhang, "310").fund_paid, 0);
  EXPECT_TRUE(audit_clean());
  auto replay = svc_->reverse(caller("2208", "R1"), f[0], mdtrt, psn, render);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(*replay, *reversed);
  EXPECT_EQ(code_of(svc_->reverse(caller("2208", "R2"), f[0], mdtrt, psn, render)), "FSI_SETTLEMENT_REVERSED");
  EXPECT_EQ(balances(zhang).current, 5000);
}

TEST_P(Settlement, MutualAidPaysAResidentsShareFromTheAuthorisersPriorYearsAndComesBackOnReversal) {
  fund(zhang, 30000, 4000);
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  const auto psn = psn_no_of(wife);
  const auto mdtrt = visit_with_fees(psn, wife_id, "390", "OP2", "B1", basket());
  auto out = svc_->settle(caller("2207", "S3"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(out.ok()) << code_of(out);
  const auto f = split_bars(*out);
  // 390 at a 三级 hospital: deductible 100.00 of the 110.00 in scope; the fund pays 60% of 10.00.
  EXPECT_EQ(f[2], "600");
  EXPECT_EQ(f[3], "0");
  EXPECT_EQ(f[4], "4000") << "only the authoriser's 历年, never 当年";
  EXPECT_EQ(f[5], std::to_string(11200 - 600 - 4000));
  EXPECT_EQ(balances(zhang).prior, 0);
  EXPECT_EQ(balances(zhang).current, 30000);
  EXPECT_TRUE(audit_clean());

  ASSERT_TRUE(svc_->reverse(caller("2208", "R3"), f[0], mdtrt, psn, render).ok());
  EXPECT_EQ(balances(zhang).prior, 4000);
  EXPECT_EQ(ytd(wife, "390").deductible_paid, 0);
  EXPECT_EQ(ytd(wife, "390").fund_paid, 0);
  EXPECT_TRUE(audit_clean());

  // The batch is open again and settles anew.
  EXPECT_TRUE(svc_->settle(caller("2207", "S4"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render).ok());
}

TEST_P(Settlement, A2601UndoesAMutualAidSettlementAndItsReversalToTheFen) {
  fund(zhang, 30000, 4000);
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  const auto psn = psn_no_of(wife);
  const auto mdtrt = visit_with_fees(psn, wife_id, "390", "OP-C1", "B1", basket());
  const auto none = [](const services::CorrectionOutcome& o) {
    return std::string(o.undone ? "1|" : "0|") + o.setl_id + "|" + o.memo;
  };
  ASSERT_TRUE(svc_->settle(caller("2207", "C-S1"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render).ok());
  const auto paid_ytd = ytd(wife, "390");
  EXPECT_EQ(balances(zhang).prior, 0) << "the authoriser's 历年 paid";

  // 冲正 of the settlement: as 2208 would — the authoriser's 历年 and the year's accumulators back.
  auto undone = svc_->correct(caller("2601", "C-1"), {psn, "C-S1", "2207"}, none);
  ASSERT_TRUE(undone.ok()) << code_of(undone);
  EXPECT_EQ(undone->substr(0, 2), "1|");
  EXPECT_EQ(balances(zhang).prior, 4000);
  EXPECT_EQ(ytd(wife, "390").deductible_paid, 0);
  EXPECT_EQ(ytd(wife, "390").fund_paid, 0);
  EXPECT_TRUE(audit_clean());
  EXPECT_EQ(code_of(svc_->settle(caller("2207", "C-S1"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render)),
            "FSI_MSGID_CORRECTED");

  // Settled again, reversed, and the reversal 冲正'd: the settlement stands as it first paid.
  auto again = svc_->settle(caller("2207", "C-S2"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(again.ok());
  const auto setl_id = split_bars(*again)[0];
  ASSERT_TRUE(svc_->reverse(caller("2208", "C-R2"), setl_id, mdtrt, psn, render).ok());
  EXPECT_EQ(balances(zhang).prior, 4000);
  auto restored = svc_->correct(caller("2601", "C-2"), {psn, "C-R2", "2208"}, none);
  ASSERT_TRUE(restored.ok()) << code_of(restored);
  EXPECT_EQ(*restored, "1|" + setl_id + "|原撤销已冲正，结算 " + setl_id + " 恢复有效");
  EXPECT_EQ(balances(zhang).prior, 0);
  EXPECT_EQ(ytd(wife, "390").deductible_paid, paid_ytd.deductible_paid);
  EXPECT_EQ(ytd(wife, "390").fund_paid, paid_ytd.fund_paid);
  EXPECT_EQ(services::spending_of(ctx_->db, wife, static_cast<int>(today().year())).totals.count, 1)
      << "an undone reversal no longer counts";
  EXPECT_TRUE(audit_clean());
}

TEST_P(Settlement, A2601OfAReversalWhoseMoneyWasSpentIsRefusedAndChangesNothing) {
  fund(zhang, 30000, 4000);
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  const auto psn = psn_no_of(wife);
  const auto mdtrt = visit_with_fees(psn, wife_id, "390", "OP-C2", "B1", basket());
  auto paid = svc_->settle(caller("2207", "C-S3"), request(psn, wife_id, "390", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(paid.ok());
  ASSERT_TRUE(svc_->reverse(caller("2208", "C-R3"), split_bars(*paid)[0], mdtrt, psn, render).ok());
  // The authoriser's 历年 came back and was spent on his own visit before the 冲正 arrived.
  const auto own = visit_with_fees(psn_no_of(zhang), zhang_id, "310", "OP-C3", "B1", basket());
  auto r = request(psn_no_of(zhang), zhang_id, "310", own, "B1", 11200);
  ASSERT_TRUE(svc_->settle(caller("2207", "C-S4"), r, render).ok());
  db_->write([&](store::Tx& tx) {
    // Drain the rest of his 历年 to the cash desk, as another spend would.
    const auto prior = store::LedgerRepo::account(tx, services::prior_account_code(zhang));
    const auto desk = store::LedgerRepo::ensure_account(tx, "cash:test", "cash_desk", std::nullopt, "110105", false, 0);
    if (prior->balance() > 0) {
      store::TransferRequest t{"drain", "correction", "test", "", {{prior->id, desk.id, prior->balance(), "t"}}};
      ASSERT_TRUE(store::LedgerRepo::post(tx, t, 0).ok());
    }
  });
  const auto before = balances(zhang);
  const auto ytd_before = ytd(wife, "390");
  auto refused = svc_->correct(caller("2601", "C-3"), {psn, "C-R3", "2208"},
                               [](const services::CorrectionOutcome&) { return std::string("x"); });
  EXPECT_EQ(code_of(refused), "FSI_CORRECTION_NOT_POSSIBLE");
  EXPECT_EQ(balances(zhang).prior, before.prior);
  EXPECT_EQ(ytd(wife, "390").deductible_paid, ytd_before.deductible_paid);
  EXPECT_EQ(code_of(svc_->correct(caller("2601", "C-3"), {psn, "C-R3", "2208"},
                                  [](const services::CorrectionOutcome&) { return std::string("x"); })),
            "FSI_CORRECTION_NOT_POSSIBLE")
      << "the refusal claimed nothing: the same 2601 is judged afresh";
  EXPECT_TRUE(audit_clean());
}

TEST_P(Settlement, RefusalsChangeNothing) {
  fund(zhang, 5000, 0);
  const auto psn = psn_no_of(zhang);
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP3", "B1", basket());
  EXPECT_EQ(code_of(svc_->settle(caller("2207", "S5"), request(psn, zhang_id, "310", mdtrt, "B1", 11201), render)),
            "FSI_SUMAMT_MISMATCH");
  EXPECT_EQ(code_of(svc_->settle(caller("2207", "S5"), request(psn, wife_id, "310", mdtrt, "B1", 11200), render)),
            "FSI_CERT_MISMATCH");
  EXPECT_EQ(code_of(svc_->settle(caller("2207", "S5"), request(psn, zhang_id, "310", mdtrt, "B9", 11200), render)),
            "FSI_NOTHING_TO_SETTLE");
  EXPECT_EQ(balances(zhang).current, 5000);
  // The msgid of a refused call is free to use.
  EXPECT_TRUE(svc_->settle(caller("2207", "S5"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render).ok());
}

TEST_P(Settlement, TwoConcurrentSettlementsForOnePatientNeverOverdraw) {
  fund(zhang, 8000, 0);
  const auto psn = psn_no_of(zhang);
  const auto m1 = visit_with_fees(psn, zhang_id, "310", "OP4", "B1", basket());
  const auto m2 = visit_with_fees(psn, zhang_id, "310", "OP5", "B1", basket());
  core::Result<std::string> a{core::Reason::INTERNAL_ERROR}, b{core::Reason::INTERNAL_ERROR};
  std::thread t1([&] { a = svc_->settle(caller("2207", "C1"), request(psn, zhang_id, "310", m1, "B1", 11200), render); });
  std::thread t2([&] { b = svc_->settle(caller("2207", "C2"), request(psn, zhang_id, "310", m2, "B1", 11200), render); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << code_of(a);
  ASSERT_TRUE(b.ok()) << code_of(b);
  const auto acct = std::stoll(split_bars(*a)[3]) + std::stoll(split_bars(*b)[3]);
  EXPECT_EQ(acct, 8000);
  EXPECT_EQ(balances(zhang).current, 0);
  // The deductible was met once across both: 200.00 of the 220.00 in scope.
  EXPECT_EQ(ytd(zhang, "310").deductible_paid, 20000);
  EXPECT_TRUE(audit_clean());
}

TEST_P(Settlement, SpendingTotalsAreNetOfReversals) {
  fund(zhang, 5000, 0);
  const auto psn = psn_no_of(zhang);
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP6", "B1", basket());
  auto out = svc_->settle(caller("2207", "S6"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(out.ok());
  auto year = static_cast<int>(today().year());
  auto s = services::spending_of(ctx_->db, zhang, year);
  EXPECT_EQ(s.totals.medfee_sumamt, 11200);
  EXPECT_EQ(s.totals.acct_pay, 5000);
  EXPECT_EQ(s.totals.count, 1);
  ASSERT_EQ(s.by_institution.size(), 1u);
  ASSERT_TRUE(svc_->reverse(caller("2208", "R6"), split_bars(*out)[0], mdtrt, psn, render).ok());
  s = services::spending_of(ctx_->db, zhang, year);
  EXPECT_EQ(s.totals.medfee_sumamt, 0);
  EXPECT_EQ(s.totals.count, 0);
  EXPECT_EQ(s.settlements.size(), 2u);
}

TEST_P(Settlement, AnotherProvinceNeedsAFilingAndSettlesUnderTheInsuredPlacesPolicy) {
  // 赵敏, 职工 insured in Shanghai (310104), treated at the Beijing hospital (110105).
  const auto zhao_id = make_id_number("310104", today(), 40, 21);
  const auto zhao = add_person({"赵敏", zhao_id, "310", "310104"});
  set_policy("310104", R"({"settlement_310":{"outpatient_deductible_fen":[0,0,1000],"fund_ratio_bp":[9500,9500,9500]}})");
  set_policy("110105", R"({"settlement_310":{"outpatient_deductible_fen":[0,0,0],"fund_ratio_bp":[5000,5000,5000]}})");
  const auto psn = psn_no_of(zhao);
  auto c = caller("2201", "X1");
  c.insuplc_admdvs = "310104";
  services::VisitOpen open{"outpatient", psn, "310", "11", "2026-11-23 10:00:00", {"02", zhao_id, ""}, "OP7", "", ""};
  EXPECT_EQ(code_of(svc_->open_visit(c, open)), "REMOTE_FILING_REQUIRED");

  auto filing = filings_->file(zhao, {"temporary", "110000", core::format_date(today()), "2099-12-31"}, "person",
                                  std::to_string(zhao));
  ASSERT_TRUE(filing.ok()) << code_of(filing);
  auto visit = svc_->open_visit(c, open);
  ASSERT_TRUE(visit.ok()) << code_of(visit);
  auto lines = basket();
  for (auto& l : lines) l.chrg_bchno = "B1";
  c.infno = "2204";
  c.msgid = "X2";
  ASSERT_TRUE(svc_->upload_fees(c, visit->mdtrt_id, psn, lines).ok());
  c.infno = "2207";
  c.msgid = "X3";
  auto out = svc_->settle(c, request(psn, zhao_id, "310", visit->mdtrt_id, "B1", 11200), render);
  ASSERT_TRUE(out.ok()) << code_of(out);
  // Shanghai's knobs: deductible 10.00, then 95% of the remaining 100.00 in scope.
  EXPECT_EQ(split_bars(*out)[2], "9500");
  EXPECT_EQ(ytd(zhao, "310").deductible_paid, 1000);
  EXPECT_TRUE(audit_clean());

  // A cancelled filing no longer covers a new visit.
  ASSERT_TRUE(filings_->cancel(zhao, filing->id).ok());
  EXPECT_EQ(code_of(filings_->cancel(zhao, filing->id)), "REMOTE_FILING_NOT_FOUND");
  open.ipt_otp_no = "OP8";
  c.infno = "2201";
  c.msgid = "X4";
  EXPECT_EQ(code_of(svc_->open_visit(c, open)), "REMOTE_FILING_REQUIRED");
  EXPECT_EQ(code_of(filings_->file(zhao, {"abroad", "110000", "2026-01-01", "2099-12-31"}, "person", "x")),
            "FIELD_INVALID");
  EXPECT_EQ(code_of(filings_->file(zhao, {"temporary", "110000", "2026-02-01", "2026-01-01"}, "person", "x")),
            "FIELD_INVALID");
}

TEST_P(Settlement, TheSameMsgidSentTwiceAtOnceSettlesOnce) {
  fund(zhang, 5000, 0);
  const auto psn = psn_no_of(zhang);
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP9", "B1", basket());
  core::Result<std::string> a{core::Reason::INTERNAL_ERROR}, b{core::Reason::INTERNAL_ERROR};
  std::thread t1([&] { a = svc_->settle(caller("2207", "D1"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render); });
  std::thread t2([&] { b = svc_->settle(caller("2207", "D1"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << code_of(a);
  ASSERT_TRUE(b.ok()) << code_of(b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(balances(zhang).current, 0);
  EXPECT_EQ(services::spending_of(ctx_->db, zhang, static_cast<int>(today().year())).totals.count, 1);
  EXPECT_TRUE(audit_clean());
}

TEST_P(Settlement, AUsedMsgidWithADifferentInputIsRefusedAndMovesNothing) {
  fund(zhang, 5000, 0);
  const auto psn = psn_no_of(zhang);
  const auto mdtrt = visit_with_fees(psn, zhang_id, "310", "OP-R", "B1", basket());
  auto with_digest = [&](const std::string& digest) {
    auto c = caller("2207", "M1");
    c.input_digest = digest;
    return c;
  };
  auto first = svc_->settle(with_digest("digest-a"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(first.ok()) << code_of(first);
  const auto after_first = balances(zhang);
  auto replay = svc_->settle(with_digest("digest-a"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(*replay, *first) << "the same request again is answered as the first time";
  auto changed = svc_->settle(with_digest("digest-b"), request(psn, zhang_id, "310", mdtrt, "B1", 11200), render);
  EXPECT_EQ(code_of(changed), "MSGID_REUSED_WITH_DIFFERENT_INPUT");
  EXPECT_EQ(changed.error().detail, "M1");
  EXPECT_EQ(balances(zhang).current, after_first.current);
  EXPECT_EQ(services::spending_of(ctx_->db, zhang, static_cast<int>(today().year())).totals.count, 1);
  // A reversal under a used msgid with another input is refused the same way.
  const auto setl_id = split_bars(*first)[0];
  auto rev = caller("2208", "M2");
  rev.input_digest = "rev-a";
  ASSERT_TRUE(svc_->reverse(rev, setl_id, mdtrt, psn, render).ok());
  rev.input_digest = "rev-b";
  EXPECT_EQ(code_of(svc_->reverse(rev, setl_id, mdtrt, psn, render)), "MSGID_REUSED_WITH_DIFFERENT_INPUT");
  EXPECT_EQ(balances(zhang).current, 5000);
  EXPECT_TRUE(audit_clean());
}

TEST_P(Settlement, AFrozenCredentialStillAnswers1101ByIdNumberAndSaysSo) {
  add_staff("bj_agent", "110000", "Agent2026demo");
  auto staff = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  auto before = svc_->person_info(caller("1101", "Q0"), {"02", zhang_id, ""});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->credential_note, "");
  ASSERT_TRUE(agency_->freeze(*staff, psn_no_of(zhang), "核查中").ok());
  auto info = svc_->person_info(caller("1101", "Q1"), {"02", zhang_id, ""});
  ASSERT_TRUE(info.ok()) << code_of(info);
  EXPECT_EQ(info->person.id, zhang) << "the person may still be treated with an ID card";
  EXPECT_EQ(info->credential_state, "frozen");
  EXPECT_NE(info->credential_note.find("已被冻结"), std::string::npos) << info->credential_note;
  // And the visit goes ahead with the ID card.
  const auto mdtrt = visit_with_fees(psn_no_of(zhang), zhang_id, "310", "OP-F", "B1", basket());
  EXPECT_FALSE(mdtrt.empty());
}

TEST_P(Settlement, TwoBeneficiariesOfOneAuthoriserAtOnceNeverOverdrawIt) {
  fund(zhang, 0, 4000);
  const auto father_id = make_id_number("110105", today(), 78, 13);
  const auto father = add_person({"张德福", father_id, "390", "110105", "normal", "1501"});
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  ASSERT_TRUE(aid_->authorise(zhang, father_id, "张德福", "parent", "app").ok());
  const auto wife_psn = psn_no_of(wife), father_psn = psn_no_of(father);
  const auto m1 = visit_with_fees(wife_psn, wife_id, "390", "OPA", "B1", basket());
  const auto m2 = visit_with_fees(father_psn, father_id, "390", "OPB", "B1", basket());
  core::Result<std::string> a{core::Reason::INTERNAL_ERROR}, b{core::Reason::INTERNAL_ERROR};
  std::thread t1([&] { a = svc_->settle(caller("2207", "E1"), request(wife_psn, wife_id, "390", m1, "B1", 11200), render); });
  std::thread t2([&] { b = svc_->settle(caller("2207", "E2"), request(father_psn, father_id, "390", m2, "B1", 11200), render); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << code_of(a);
  ASSERT_TRUE(b.ok()) << code_of(b);
  EXPECT_EQ(std::stoll(split_bars(*a)[4]) + std::stoll(split_bars(*b)[4]), 4000) << "the 历年 balance pays once, in total";
  EXPECT_EQ(balances(zhang).prior, 0);
  EXPECT_TRUE(audit_clean());
}

// Issue 15, on both stores: an ID number with a wrong check digit is told as such, by ID card
// (02) and by card (03, whose number is the ID number in this version).
TEST_P(Settlement, AnIdNumberWithAWrongCheckDigitIsToldAsSuch) {
  std::string wrong = zhang_id;
  wrong.back() = wrong.back() == '1' ? '2' : '1';
  auto info = svc_->person_info(caller("1101", "Q9"), {"02", wrong, ""});
  ASSERT_EQ(code_of(info), "ID_NUMBER_CHECKSUM");
  EXPECT_EQ(info.error().field, "mdtrt_cert_no");
  EXPECT_EQ(info.error().detail, "就诊凭证编号（mdtrt_cert_no）");
  EXPECT_EQ(code_of(svc_->person_info(caller("1101", "Q10"), {"03", wrong, "SN1"})), "ID_NUMBER_CHECKSUM");
  EXPECT_EQ(code_of(svc_->person_info(caller("1101", "Q11"), {"02", zhang_id, ""})), "OK");
}

// Issue 15, on both stores: a stay whose authoriser was bound after admission settles in cash
// and the view says why; a 2303/2304 without med_type takes the stay's; the replay is the
// stored text.
TEST_P(Settlement, AStayWhoseAuthoriserWasBoundAfterAdmissionSaysWhyAidPaidNothing) {
  fund(zhang, 30000, 4000);
  const auto psn = psn_no_of(wife);
  services::VisitOpen open{"inpatient", psn, "390", "21", "2026-11-20 08:00:00", {"02", wife_id, ""}, "IP1", "", ""};
  auto visit = svc_->open_visit(caller("2401", "A1"), open);
  ASSERT_TRUE(visit.ok()) << code_of(visit);
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());  // effective today, 2026-11-23
  ASSERT_TRUE(svc_->upload_fees(caller("2301", "U1"), visit->mdtrt_id, psn, {{"1", "", "XJ01CAA040A001010100001", "amx", 2000, 20000, 100}}).ok());
  auto r = request(psn, wife_id, "390", visit->mdtrt_id, "", 2000);
  r.kind = "inpatient";
  r.med_type = "";
  auto pre = svc_->presettle(caller("2303", "P1"), r);
  ASSERT_TRUE(pre.ok()) << code_of(pre);
  EXPECT_EQ(pre->row.med_type, "21");
  EXPECT_EQ(pre->row.acct_mulaid_pay, 0);
  EXPECT_EQ(pre->aid_note.rfind("未在入院前绑定家庭共济（共济自 2026-11-23 起生效，入院日期 2026-11-20）", 0), 0u) << pre->aid_note;
  const auto render_note = [](const services::SettlementView& v) { return v.row.med_type + "|" + v.aid_note; };
  auto out = svc_->settle(caller("2304", "S1"), r, render_note);
  ASSERT_TRUE(out.ok()) << code_of(out);
  EXPECT_EQ(*out, "21|" + pre->aid_note);
  EXPECT_EQ(balances(zhang).prior, 4000) << "the authoriser paid nothing";
  auto replay = svc_->settle(caller("2304", "S1"), r, render_note);
  ASSERT_TRUE(replay.ok()) << code_of(replay);
  EXPECT_EQ(*replay, *out);
  EXPECT_TRUE(audit_clean());
}

YIBAO_INSTANTIATE_STORE_TEST(Settlement);

}  // namespace
}  // namespace yibao::testing
