// issue 15: the institution interface's queries through services::QueryService, on both
// stores — each answers the calling institution's own records only, a refusal names nothing
// of another institution's, and 2001 reports the very rule the settlement applies.
#include <gtest/gtest.h>

#include <tuple>

#include "services/catalogue_seed.h"
#include "services/query_service.h"
#include "services/settlement_service.h"
#include "store/institution_repo.h"
#include "store/query_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

constexpr const char* kHere = "H11010500001";
constexpr const char* kElsewhere = "H11010500009";

class Query : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    svc_ = std::make_unique<services::SettlementService>(*ctx_);
    query_ = std::make_unique<services::QueryService>(*ctx_);
    add_institution(kHere, "110105", "secret");
    add_institution(kElsewhere, "110105", "secret9");
    db_->write([&](store::Tx& tx) { services::seed_catalogue(tx); });
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    psn = psn_no_of(zhang);
  }

  services::FsiCaller caller(const std::string& institution, const std::string& infno, const std::string& msgid) {
    auto inst = db_->read([&](store::Tx& tx) { return *store::InstitutionRepo::find(tx, institution); });
    return services::FsiCaller{inst, infno, msgid, "110105"};
  }

  // 2201 (+ 2204 when there are lines) at `institution`; the mdtrt_id.
  std::string visit(const std::string& institution, const std::string& ipt_otp_no, const std::string& begntime,
                    const std::vector<services::FeeInput>& lines = {}) {
    services::VisitOpen open{"outpatient", psn, "310", "11", begntime, {"02", zhang_id, ""}, ipt_otp_no, "", ""};
    auto v = svc_->open_visit(caller(institution, "2201", "m-" + ipt_otp_no), open);
    EXPECT_TRUE(v.ok()) << code_of(v);
    if (!v.ok()) return {};
    if (!lines.empty()) {
      auto up = svc_->upload_fees(caller(institution, "2204", "u-" + ipt_otp_no), v->mdtrt_id, psn, lines);
      EXPECT_TRUE(up.ok()) << code_of(up);
    }
    return v->mdtrt_id;
  }

  services::VisitFilter period(const std::string& from, const std::string& to) {
    return services::VisitFilter{psn, from, to, std::nullopt, std::nullopt};
  }

  std::unique_ptr<services::SettlementService> svc_;
  std::unique_ptr<services::QueryService> query_;
  std::string zhang_id, psn;
  std::int64_t zhang = 0;
};

// 阿莫西林 ×20 at 1.00 (甲) + 胸片 90.00 (甲) + 医用口罩 2.00 (丙) in batch B1.
std::vector<services::FeeInput> basket() {
  return {{"1", "B1", "XJ01CAA040A001010100001", "amx", 2000, 20000, 100},
          {"2", "B1", "210102015", "dr", 9000, 1000, 9000},
          {"3", "B1", "C0301020010200000002", "mask", 200, 1000, 200}};
}

TEST_P(Query, VisitsAreTheCallersOwnInThePeriodOldestFirst) {
  const auto early = visit(kHere, "OP-1", "2026-11-20 09:00:00");
  const auto late = visit(kHere, "OP-2", "2026-11-23 09:00:00");
  const auto theirs = visit(kElsewhere, "OP-3", "2026-11-21 09:00:00");
  auto all = query_->visits(caller(kHere, "5201", "q1"), period("2026-11-01 00:00:00", "2026-11-30 23:59:59"));
  ASSERT_TRUE(all.ok()) << code_of(all);
  ASSERT_EQ(all->size(), 2u) << "another institution's visit is never listed";
  EXPECT_EQ((*all)[0].mdtrt_id, early);
  EXPECT_EQ((*all)[1].mdtrt_id, late);
  // Both ends are inclusive.
  auto one = query_->visits(caller(kHere, "5201", "q2"), period("2026-11-23 09:00:00", "2026-11-23 09:00:00"));
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].mdtrt_id, late);
  auto f = period("2026-11-01 00:00:00", "2026-11-30 23:59:59");
  f.med_type = "21";
  EXPECT_TRUE(query_->visits(caller(kHere, "5201", "q3"), f)->empty());
  f.med_type.reset();
  f.mdtrt_id = early;
  ASSERT_EQ(query_->visits(caller(kHere, "5201", "q4"), f)->size(), 1u);
  // Another institution's mdtrt_id is refused as an unknown one.
  f.mdtrt_id = theirs;
  EXPECT_EQ(code_of(query_->visits(caller(kHere, "5201", "q5"), f)), "FSI_VISIT_NOT_FOUND");
  f.mdtrt_id = "NO-SUCH-VISIT";
  EXPECT_EQ(code_of(query_->visits(caller(kHere, "5201", "q6"), f)), "FSI_VISIT_NOT_FOUND");
}

TEST_P(Query, ABadPeriodOrPersonIsRefused) {
  EXPECT_EQ(code_of(query_->visits(caller(kHere, "5201", "q"), period("2026-11-30 00:00:00", "2026-11-01 00:00:00"))),
            "FIELD_INVALID");
  EXPECT_EQ(code_of(query_->visits(caller(kHere, "5201", "q"), period("2026-11-01", "2026-11-30 00:00:00"))),
            "FIELD_INVALID");
  auto f = period("2026-11-01 00:00:00", "2026-11-30 00:00:00");
  f.psn_no = "NO-SUCH-PERSON";
  EXPECT_EQ(code_of(query_->visits(caller(kHere, "5201", "q"), f)), "PERSON_UNKNOWN");
}

TEST_P(Query, ASettlementAndItsLinesAreAnsweredToItsInstitutionOnly) {
  fund(zhang, 5000, 0);
  const auto mdtrt = visit(kHere, "OP-S", "2026-11-23 09:30:00", basket());
  services::SettleRequest r;
  r.kind = "outpatient";
  r.psn_no = psn;
  r.cert = {"02", zhang_id, ""};
  r.med_type = "11";
  r.medfee_sumamt = 11200;
  r.mdtrt_id = mdtrt;
  r.chrg_bchno = "B1";
  r.insutype = "310";
  std::string setl_id;
  auto out = svc_->settle(caller(kHere, "2207", "S1"), r, [&](const services::SettlementView& v) {
    setl_id = v.row.setl_id;
    return std::string("ok");
  });
  ASSERT_TRUE(out.ok()) << code_of(out);

  auto rec = query_->settlement(caller(kHere, "5203", "q"), setl_id, mdtrt, psn);
  ASSERT_TRUE(rec.ok()) << code_of(rec);
  EXPECT_EQ(rec->row.medfee_sumamt, 11200);
  EXPECT_EQ(rec->row.acct_pay, 5000);
  EXPECT_EQ(rec->row.psn_cash_pay, 6200);
  EXPECT_EQ(rec->visit.mdtrt_id, mdtrt);
  EXPECT_EQ(rec->setl_time, "2026-11-23 10:00:00");

  auto lines = query_->settlement_fees(caller(kHere, "5204", "q"), setl_id, mdtrt, psn);
  ASSERT_TRUE(lines.ok()) << code_of(lines);
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_EQ((*lines)[0].split.feedetl_sn, "1");
  EXPECT_EQ((*lines)[0].split.chrgitm_lv, "01");
  EXPECT_EQ((*lines)[0].split.inscp_scp_amt, 2000);
  EXPECT_EQ((*lines)[2].split.chrgitm_lv, "03");
  EXPECT_EQ((*lines)[2].split.fulamt_ownpay_amt, 200);

  // Another institution, another visit or another person: the same refusal as an unknown id.
  for (const auto& [who, s, m, p] : {std::tuple{kElsewhere, setl_id, mdtrt, psn}, std::tuple{kHere, setl_id, std::string("X"), psn},
                                     std::tuple{kHere, setl_id, mdtrt, std::string("X")},
                                     std::tuple{kHere, std::string("NO-SUCH"), mdtrt, psn}}) {
    EXPECT_EQ(code_of(query_->settlement(caller(who, "5203", "q"), s, m, p)), "FSI_SETTLEMENT_NOT_FOUND");
    EXPECT_EQ(code_of(query_->settlement_fees(caller(who, "5204", "q"), s, m, p)), "FSI_SETTLEMENT_NOT_FOUND");
  }

  // The year's accumulators, to the institution that treated him.
  auto cum = query_->cumulative(caller(kHere, "5206", "q"), psn, 2026);
  ASSERT_TRUE(cum.ok()) << code_of(cum);
  ASSERT_EQ(cum->size(), 1u);
  EXPECT_EQ((*cum)[0].insutype, "310");
  EXPECT_EQ((*cum)[0].ytd.deductible_paid, 11000);
  EXPECT_EQ((*cum)[0].ytd.fund_paid, 0);
  EXPECT_EQ(query_->cumulative(caller(kHere, "5206", "q"), psn, 2025)->at(0).ytd.deductible_paid, 0);
  EXPECT_EQ(code_of(query_->cumulative(caller(kElsewhere, "5206", "q"), psn, 2026)), "FSI_VISIT_NOT_FOUND");
}

TEST_P(Query, TheTreatmentCheckSaysWhyWhereTheSettlementWouldRefuse) {
  services::TreatmentCheckRequest ok{psn, "310", "2026-11-23 10:00:00"};
  auto lines = query_->treatment_check(caller(kHere, "2001", "q"), ok);
  ASSERT_TRUE(lines.ok()) << code_of(lines);
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].trt_chk_type, "01");
  EXPECT_TRUE((*lines)[0].enjoy);
  EXPECT_EQ((*lines)[0].fund_pay_type, "310100");
  EXPECT_EQ((*lines)[1].trt_chk_type, "02");
  EXPECT_TRUE((*lines)[1].enjoy);

  // Not enrolled in 390: refused, and so is the registration that would settle under it.
  auto resident = query_->treatment_check(caller(kHere, "2001", "q"), {psn, "390", "2026-11-23 10:00:00"});
  ASSERT_TRUE(resident.ok());
  ASSERT_EQ(resident->size(), 1u);
  EXPECT_FALSE((*resident)[0].enjoy);
  EXPECT_NE((*resident)[0].result.find("未参加险种 390"), std::string::npos) << (*resident)[0].result;
  services::VisitOpen open{"outpatient", psn, "390", "11", "2026-11-23 10:00:00", {"02", zhang_id, ""}, "OP-390", "", ""};
  EXPECT_EQ(code_of(svc_->open_visit(caller(kHere, "2201", "m-390"), open)), "FSI_NOT_INSURED");

  // Insured in Shanghai, treated in Beijing without a 异地就医备案: the enrolment pays, the
  // place does not — the refusal 2201 gives.
  const auto wang_id = make_id_number("310104", today(), 40, 21);
  const auto wang = psn_no_of(add_person({"王芳", wang_id, "310", "310104"}));
  auto shanghai = caller(kHere, "2001", "q");
  shanghai.insuplc_admdvs = "310104";
  auto remote = query_->treatment_check(shanghai, {wang, "310", "2026-11-23 10:00:00"});
  ASSERT_TRUE(remote.ok()) << code_of(remote);
  ASSERT_EQ(remote->size(), 2u);
  EXPECT_TRUE((*remote)[0].enjoy);
  EXPECT_FALSE((*remote)[1].enjoy);
  EXPECT_NE((*remote)[1].result.find("异地就医备案"), std::string::npos) << (*remote)[1].result;
  services::VisitOpen away{"outpatient", wang, "310", "11", "2026-11-23 10:00:00", {"02", wang_id, ""}, "OP-SH", "", ""};
  auto refused = svc_->open_visit([&] { auto c = caller(kHere, "2201", "m-sh"); c.insuplc_admdvs = "310104"; return c; }(), away);
  EXPECT_EQ(code_of(refused), "REMOTE_FILING_REQUIRED");

  EXPECT_EQ(code_of(query_->treatment_check(caller(kHere, "2001", "q"), {"NO-SUCH", "310", "2026-11-23 10:00:00"})),
            "PERSON_UNKNOWN");
  EXPECT_EQ(code_of(query_->treatment_check(caller(kHere, "2001", "q"), {psn, "310", "2026/11/23"})), "FIELD_INVALID");
}

YIBAO_INSTANTIATE_STORE_TEST(Query);

}  // namespace
}  // namespace yibao::testing
