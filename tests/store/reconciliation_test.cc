// Reconciliation and institution files on both stores (3201, 3202, 9101/9102 through their
// services): totals of a day net of reversals, a detail file compared row by row, files kept
// per institution as text both stores bind alike.
#include <map>

#include <gtest/gtest.h>

#include "docs/zip_archive.h"
#include "services/catalogue_seed.h"
#include "services/institution_files.h"
#include "services/reconciliation_service.h"
#include "services/settlement_service.h"
#include "store/institution_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

class Reconciliation : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    svc_ = std::make_unique<services::SettlementService>(*ctx_);
    add_institution("H11010500001", "110105", "secret");
    add_institution("P11010500003", "110105", "secret");
    db_->write([&](store::Tx& tx) { services::seed_catalogue(tx); });
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    fund(zhang, 50000, 0);
  }
  services::FsiCaller caller(const std::string& infno, const std::string& msgid,
                             const std::string& code = "H11010500001") {
    auto inst = db_->read([&](store::Tx& tx) { return *store::InstitutionRepo::find(tx, code); });
    return services::FsiCaller{inst, infno, msgid, "110105"};
  }
  // 2201 + 2204 + 2207 of 胸片 90.00; returns the setl_id.
  std::string settle(const std::string& n) {
    const auto psn = psn_no_of(zhang);
    services::VisitOpen open{"outpatient", psn, "310", "11", "2026-11-23 10:00:00", {"02", zhang_id, ""},
                             "OP-R" + n, "", ""};
    auto visit = svc_->open_visit(caller("2201", "v" + n), open);
    EXPECT_TRUE(visit.ok()) << code_of(visit);
    std::vector<services::FeeInput> lines{{"1", "B1", "210102015", "dr", 9000, 1000, 9000}};
    EXPECT_TRUE(svc_->upload_fees(caller("2204", "u" + n), visit->mdtrt_id, psn, lines).ok());
    services::SettleRequest r;
    r.kind = "outpatient";
    r.psn_no = psn;
    r.cert = {"02", zhang_id, ""};
    r.med_type = "11";
    r.medfee_sumamt = 9000;
    r.mdtrt_id = visit->mdtrt_id;
    r.chrg_bchno = "B1";
    r.insutype = "310";
    r.acct_used_flag = true;
    mdtrt_[n] = visit->mdtrt_id;
    auto out = svc_->settle(caller("2207", "s" + n), r, [](const services::SettlementView& v) { return v.row.setl_id; });
    EXPECT_TRUE(out.ok()) << code_of(out);
    return out.ok() ? *out : "";
  }
  services::ReconScope scope() const {
    const auto day = core::format_date(today());
    return {"310", "11", "110105", day, day};
  }
  std::unique_ptr<services::SettlementService> svc_;
  std::string zhang_id;
  std::int64_t zhang = 0;
  std::map<std::string, std::string> mdtrt_;
};

TEST_P(Reconciliation, TheDaysTotalsAreNetOfReversalsAndRefundsCanBeAskedAlone) {
  const auto a = settle("1");
  settle("2");
  ASSERT_TRUE(svc_->reverse(caller("2208", "r1"), a, mdtrt_["1"], psn_no_of(zhang),
                            [](const services::SettlementView& v) { return v.row.setl_id; })
                  .ok());
  services::ReconciliationService recon(*ctx_);
  services::TotalsRequest all{scope(), {9000, 0, 9000, 3}, "0"};
  auto balanced = recon.totals(caller("3201", "t1"), all);
  ASSERT_TRUE(balanced.ok()) << code_of(balanced);
  EXPECT_EQ(balanced->platform.count, 3);
  EXPECT_EQ(balanced->platform.medfee_sumamt, 9000);
  EXPECT_TRUE(balanced->comparison.balanced) << balanced->comparison.description;
  services::TotalsRequest refunds{scope(), {}, "1"};
  auto only = recon.totals(caller("3201", "t2"), refunds);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->platform.count, 1);
  EXPECT_EQ(only->platform.medfee_sumamt, -9000);
  // Another institution has no rows of its own that day.
  auto other = recon.totals(caller("3201", "t3", "P11010500003"), all);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->platform.count, 0);
  EXPECT_FALSE(other->comparison.balanced);
  auto bad = all;
  bad.scope.stmt_enddate = "2020-01-01";
  EXPECT_EQ(code_of(recon.totals(caller("3201", "t4"), bad)), "FSI_PERIOD_INVALID");
}

TEST_P(Reconciliation, ADetailFileIsComparedRowByRowAndFilesStayWithTheirInstitution) {
  const auto a = settle("1");
  const auto b = settle("2");
  services::InstitutionFiles files(*ctx_);
  // The HIS knows of b only.
  const std::string tsv = b + "\t" + mdtrt_["2"] + "\t" + psn_no_of(zhang) + "\t90.00\t0.00\t90.00\t0\n";
  auto zipped = docs::write_zip({{"d.txt", tsv}});
  ASSERT_TRUE(zipped.ok());
  auto uploaded = files.upload(caller("9101", "f1"), "d.zip", *zipped);
  ASSERT_TRUE(uploaded.ok()) << code_of(uploaded);
  auto fetched = files.download(caller("9102", "f2"), uploaded->file_qury_no, "d.zip");
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->content, *zipped) << "bytes come back exactly, on both stores";
  EXPECT_EQ(code_of(files.download(caller("9102", "f3", "P11010500003"), uploaded->file_qury_no, "d.zip")),
            "FSI_FILE_NOT_FOUND");

  services::ReconciliationService recon(*ctx_);
  auto details = recon.details(caller("3202", "d1"), {scope(), uploaded->file_qury_no});
  ASSERT_TRUE(details.ok()) << code_of(details);
  EXPECT_EQ(details->institution_rows, 1u);
  EXPECT_EQ(details->platform_rows, 2u);
  auto diff = files.download(caller("9102", "f4"), details->file.file_qury_no, details->file.filename);
  ASSERT_TRUE(diff.ok());
  auto entries = docs::read_zip(diff->content, 1 << 20);
  ASSERT_TRUE(entries.ok());
  const auto& text = entries->front().content;
  EXPECT_NE(text.find("\t" + a + "\t"), std::string::npos) << text;
  EXPECT_EQ(text.find("\t" + b + "\t"), std::string::npos) << "b agrees";
  EXPECT_EQ(code_of(recon.details(caller("3202", "d2"), {scope(), "no-such-file"})), "FSI_FILE_NOT_FOUND");
}

YIBAO_INSTANTIATE_STORE_TEST(Reconciliation);

}  // namespace
}  // namespace yibao::testing
