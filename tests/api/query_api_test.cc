// issue 15: the institution interface's queries over real HTTP (POST /fsi/api/callService)
// against the demo world — 5201, 5203, 5204, 5206 and 2001 answer the calling institution's
// own records with exact amounts, and every refusal (another institution's settlement, an
// unknown id, a bad period or month) reveals nothing and changes nothing.
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "docs/zip_archive.h"
#include "services/institution_auth.h"
#include "store/catalogue_repo.h"
#include "support/demo_server.h"
#include "support/fsi_client.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

constexpr const char* kHospital = "H11010500001";
constexpr const char* kPharmacy = "P11010500003";  // same region, another institution

class QueryApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(api_backend());
    data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
    auto world = seed_demo_world(database_->url(), data_dir_);
    ASSERT_TRUE(world);
    people_ = world->people;
    secrets_ = world->institution_secrets;
    ASSERT_TRUE(people_.count("张建国"));
    server_ = new ServerProcess(database_->url(), demo_server_args(data_dir_));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }

  using Answer = FsiAnswer;

  static HttpResponse post(const std::string& infno, const std::string& input, const std::string& institution = kHospital,
                           const std::string& nonce = "") {
    static int seq = 0;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d", ++seq % 10000);
    const std::string msgid = institution + "20261123110000" + buf;
    const std::string body =
        R"({"infno":")" + infno + R"(","msgid":")" + msgid +
        R"(","mdtrtarea_admvs":"110105","insuplc_admdvs":"110105","recer_sys_code":"YBXT","infver":"V1.0",)"
        R"("opter_type":"1","opter":"D001","opter_name":"王医生","inf_time":"2026-11-23 11:00:00","fixmedins_code":")" +
        institution + R"(","fixmedins_name":"演示","sign_no":"","input":)" + input + "}";
    return signed_tif_post(server_->port(), "/fsi/api/callService", body, institution, secrets_[institution], "", nonce);
  }
  static Answer call(const std::string& infno, const std::string& input, const std::string& institution = kHospital,
                     const std::string& nonce = "") {
    return fsi_answer(post(infno, input, institution, nonce));
  }

  static std::string fee(const DemoPerson& p, const std::string& mdtrt_id, const std::string& sn, const std::string& code,
                         const std::string& amount, const std::string& cnt, const std::string& pric) {
    return R"({"feedetl_sn":")" + sn + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" + p.psn_no +
           R"(","chrg_bchno":"B1","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 09:40:00","med_list_codg":")" + code +
           R"(","medins_list_codg":"H-)" + code + R"(","det_item_fee_sumamt":)" + amount + R"(,"cnt":)" + cnt +
           R"(,"pric":)" + pric +
           R"(,"bilg_dept_codg":"K01","bilg_dept_name":"内科","bilg_dr_codg":"D001","bilg_dr_name":"王医生","hosp_appr_flag":"1"})";
  }

  // 2201 + 2204 + 2207 at the hospital: {mdtrt_id, setl_id} of a 124.30 outpatient settlement.
  static std::pair<std::string, std::string> settled_visit(const DemoPerson& p, const std::string& ipt_otp_no) {
    auto reg = call("2201", R"({"data":{"psn_no":")" + p.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)"
                            R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + p.id_number + R"(","ipt_otp_no":")" + ipt_otp_no +
                            R"(","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})");
    EXPECT_EQ(reg.infcode(), 0) << reg.http.body;
    if (reg.infcode() != 0) return {};
    const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
    auto up = call("2204", R"({"feedetail":[)" + fee(p, mdtrt, "1", "XJ01CAA040A001010100001", "20.00", "20", "1.00") + "," +
                               fee(p, mdtrt, "2", "210102015", "90.00", "1", "90.00") + "," +
                               fee(p, mdtrt, "3", "C0301020010200000002", "2.00", "1", "2.00") + "," +
                               fee(p, mdtrt, "4", "NOT-IN-CATALOGUE-001", "12.30", "1", "12.30") + "]}");
    EXPECT_EQ(up.infcode(), 0) << up.http.body;
    auto paid = call("2207", R"({"data":{"psn_no":")" + p.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" +
                                 p.id_number + R"(","med_type":"11","medfee_sumamt":124.30,"psn_setlway":"01","mdtrt_id":")" +
                                 mdtrt + R"(","chrg_bchno":"B1","insutype":"310","acct_used_flag":"1"}})");
    EXPECT_EQ(paid.infcode(), 0) << paid.http.body;
    if (paid.infcode() != 0) return {};
    return {mdtrt, std::string(paid.output().at("setlinfo").at("setl_id").as_string())};
  }

  static std::string key(const DemoPerson& p, const std::string& setl_id, const std::string& mdtrt_id) {
    return R"({"data":{"psn_no":")" + p.psn_no + R"(","setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt_id + R"("}})";
  }
  static std::string period(const DemoPerson& p, const std::string& from, const std::string& to,
                            const std::string& extra = "") {
    return R"({"data":{"psn_no":")" + p.psn_no + R"(","begntime":")" + from + R"(","endtime":")" + to + "\"" + extra + "}}";
  }
  static bool has(const Answer& a, const std::string& text) { return a.raw_output.find(text) != std::string::npos; }

  static inline ScratchDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string data_dir_;
  static inline std::map<std::string, DemoPerson> people_;
  static inline std::map<std::string, std::string> secrets_;
};

TEST_F(QueryApi, VisitSettlementFeeLinesAndAccumulatorsOfTheCallersOwnPatient) {
  const auto& zhang = people_["张建国"];
  const auto [mdtrt, setl_id] = settled_visit(zhang, "OPQ-1");
  ASSERT_FALSE(setl_id.empty());

  auto visits = call("5201", period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59"));
  ASSERT_EQ(visits.infcode(), 0) << visits.http.body;
  const auto& list = visits.output().at("mdtrtinfo").as_array();
  ASSERT_EQ(list.size(), 1u) << visits.raw_output;
  EXPECT_EQ(list[0].at("mdtrt_id").as_string(), mdtrt);
  EXPECT_EQ(list[0].at("ipt_otp_no").as_string(), "OPQ-1");
  EXPECT_EQ(list[0].at("fixmedins_code").as_string(), kHospital);
  EXPECT_EQ(list[0].at("med_type").as_string(), "11");
  EXPECT_EQ(list[0].at("insutype").as_string(), "310");
  // Empty optional fields are absent; unknown keys are ignored.
  auto filtered = call("5201", period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59",
                                      R"(,"med_type":"","mdtrt_id":")" + mdtrt + R"(","extra_key":1)"));
  ASSERT_EQ(filtered.infcode(), 0) << filtered.http.body;
  EXPECT_EQ(filtered.output().at("mdtrtinfo").as_array().size(), 1u);
  auto october = call("5201", period(zhang, "2026-10-01 00:00:00", "2026-10-31 23:59:59"));
  ASSERT_EQ(october.infcode(), 0);
  EXPECT_TRUE(october.output().at("mdtrtinfo").as_array().empty());

  auto setl = call("5203", key(zhang, setl_id, mdtrt));
  ASSERT_EQ(setl.infcode(), 0) << setl.http.body;
  EXPECT_EQ(setl.output().at("setlinfo").at("setl_id").as_string(), setl_id);
  EXPECT_TRUE(has(setl, "\"medfee_sumamt\":124.30")) << setl.raw_output;
  EXPECT_TRUE(has(setl, "\"acct_pay\":110.00")) << setl.raw_output;
  EXPECT_TRUE(has(setl, "\"psn_cash_pay\":14.30")) << setl.raw_output;
  EXPECT_TRUE(has(setl, "\"act_pay_dedc\":110.00")) << setl.raw_output;
  EXPECT_TRUE(has(setl, "\"acct_mulaid_pay\":0.00")) << setl.raw_output;
  EXPECT_EQ(setl.output().at("setlinfo").at("refd_setl_flag").as_string(), "0");
  const auto& funds = setl.output().at("setldetail").as_array();
  ASSERT_EQ(funds.size(), 1u) << setl.raw_output;
  EXPECT_EQ(funds[0].at("fund_pay_type").as_string(), "310200");

  auto lines = call("5204", key(zhang, setl_id, mdtrt));
  ASSERT_EQ(lines.infcode(), 0) << lines.http.body;
  const auto& out = lines.output().at("output").as_array();
  ASSERT_EQ(out.size(), 4u) << lines.raw_output;
  EXPECT_EQ(out[0].at("feedetl_sn").as_string(), "1");
  EXPECT_EQ(out[0].at("chrgitm_lv").as_string(), "01");
  EXPECT_EQ(out[2].at("chrgitm_lv").as_string(), "03");
  EXPECT_EQ(out[3].at("med_list_codg").as_string(), "NOT-IN-CATALOGUE-001");
  EXPECT_TRUE(has(lines, "\"det_item_fee_sumamt\":90.00")) << lines.raw_output;
  EXPECT_TRUE(has(lines, "\"fulamt_ownpay_amt\":12.30")) << lines.raw_output;
  EXPECT_TRUE(has(lines, "\"cnt\":20.0000")) << lines.raw_output;

  auto cum = call("5206", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","cum_ym":"202611"}})");
  ASSERT_EQ(cum.infcode(), 0) << cum.http.body;
  const auto& c = cum.output().at("cuminfo").as_array();
  ASSERT_EQ(c.size(), 3u) << cum.raw_output;
  EXPECT_EQ(c[0].at("cum_type_code").as_string(), "C001");
  EXPECT_EQ(c[0].at("year").as_string(), "2026");
  EXPECT_TRUE(has(cum, R"("cum_type_code":"C001","cum":110.00)")) << cum.raw_output;
  EXPECT_TRUE(has(cum, R"("cum_type_code":"C003","cum":0.00)")) << cum.raw_output;
}

TEST_F(QueryApi, RefusalsRevealNothingOfAnotherInstitutionAndChangeNothing) {
  const auto& zhang = people_["张建国"];
  const auto [mdtrt, setl_id] = settled_visit(zhang, "OPQ-2");
  ASSERT_FALSE(setl_id.empty());
  const auto before = call("5203", key(zhang, setl_id, mdtrt)).raw_output;
  ASSERT_FALSE(before.empty());

  // The pharmacy asks about the hospital's settlement and visit: refused as if unknown.
  EXPECT_EQ(call("5203", key(zhang, setl_id, mdtrt), kPharmacy).err_code(), "FSI_SETTLEMENT_NOT_FOUND");
  EXPECT_EQ(call("5204", key(zhang, setl_id, mdtrt), kPharmacy).err_code(), "FSI_SETTLEMENT_NOT_FOUND");
  auto theirs = call("5201", period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59", R"(,"mdtrt_id":")" + mdtrt + "\""),
                     kPharmacy);
  EXPECT_EQ(theirs.err_code(), "FSI_VISIT_NOT_FOUND");
  auto none = call("5201", period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59"), kPharmacy);
  ASSERT_EQ(none.infcode(), 0) << none.http.body;
  EXPECT_TRUE(none.output().at("mdtrtinfo").as_array().empty());
  EXPECT_EQ(call("5206", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","cum_ym":"202611"}})", kPharmacy).err_code(),
            "FSI_VISIT_NOT_FOUND");
  // Unknown ids, a mismatched visit, bad periods and months.
  EXPECT_EQ(call("5203", key(zhang, "110105202611230000000000000000", mdtrt)).err_code(), "FSI_SETTLEMENT_NOT_FOUND");
  EXPECT_EQ(call("5204", key(zhang, setl_id, "NO-SUCH-VISIT")).err_code(), "FSI_SETTLEMENT_NOT_FOUND");
  EXPECT_EQ(call("5201", period(zhang, "2026-11-30 00:00:00", "2026-11-01 00:00:00")).err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("5201", period(zhang, "2026-11-01", "2026-11-30 00:00:00")).err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("5201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","begntime":"2026-11-01 00:00:00"}})").err_code(),
            "FIELD_MISSING");
  for (const char* ym : {"2026-11", "202613", "202600", "abcdef"}) {
    EXPECT_EQ(call("5206", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","cum_ym":")" + ym + R"("}})").err_code(),
              "FIELD_INVALID")
        << ym;
  }
  EXPECT_EQ(call("5203", key(zhang, setl_id, mdtrt)).raw_output, before);
}

TEST_F(QueryApi, TheTreatmentCheckAnswersFromTheSettlementsRules) {
  const auto& zhang = people_["张建国"];
  const auto input = [&](const std::string& insutype) {
    return R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":")" + insutype +
           R"(","fixmedins_code":"H11010500001","med_type":"11","begntime":"2026-11-23 10:00:00",)"
           R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number + R"("}})";
  };
  auto ok = call("2001", input("310"));
  ASSERT_EQ(ok.infcode(), 0) << ok.http.body;
  const auto& lines = ok.output().at("trt_chk_rslt").as_array();
  ASSERT_EQ(lines.size(), 2u) << ok.raw_output;
  for (const auto& l : lines) {
    EXPECT_EQ(l.at("trt_enjymnt_flag").as_string(), "1") << ok.raw_output;
    EXPECT_EQ(l.at("fund_pay_type").as_string(), "310100");
    EXPECT_EQ(l.at("psn_no").as_string(), zhang.psn_no);
  }
  auto resident = call("2001", input("390"));
  ASSERT_EQ(resident.infcode(), 0) << resident.http.body;
  const auto& refused = resident.output().at("trt_chk_rslt").as_array();
  ASSERT_EQ(refused.size(), 1u) << resident.raw_output;
  EXPECT_EQ(refused[0].at("trt_enjymnt_flag").as_string(), "0");
  EXPECT_NE(std::string(refused[0].at("trt_chk_rslt").as_string()).find("390"), std::string::npos);
  EXPECT_EQ(call("2001", input("999")).err_code(), "FIELD_INVALID");
}

TEST_F(QueryApi, ChronicDiseaseDrugLinesComeFromMedType14VisitsOnly) {
  const auto& zhang = people_["张建国"];
  const auto range = period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59");
  auto empty = call("5205", range);
  ASSERT_EQ(empty.infcode(), 0) << empty.http.body;
  EXPECT_TRUE(empty.output().at("feedetail").as_array().empty()) << "no 门诊慢特病 visit yet: an empty list";

  auto reg = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 08:00:00",)"
                          R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number +
                          R"(","ipt_otp_no":"OPM-1","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})");
  ASSERT_EQ(reg.infcode(), 0) << reg.http.body;
  const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
  auto chronic = call("2203", R"({"mdtrtinfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                                  R"(","med_type":"14","begntime":"2026-11-23 08:00:00","dise_codg":"I10.X00","dise_name":"高血压"},)"
                                  R"("diseinfo":[{"diag_type":"1","diag_srt_no":1,"diag_code":"I10.X00","diag_name":"高血压","diag_dept":"内科","dise_dor_no":"D001","dise_dor_name":"王医生","diag_time":"2026-11-23 08:05:00","vali_flag":"1"}]})");
  ASSERT_EQ(chronic.infcode(), 0) << chronic.http.body;
  auto up = call("2204", R"({"feedetail":[)" + fee(zhang, mdtrt, "1", "XJ01CAA040A001010100001", "20.00", "20", "1.00") + "," +
                             fee(zhang, mdtrt, "2", "210102015", "90.00", "1", "90.00") + "]}");
  ASSERT_EQ(up.infcode(), 0) << up.http.body;

  auto drugs = call("5205", range);
  ASSERT_EQ(drugs.infcode(), 0) << drugs.http.body;
  const auto& lines = drugs.output().at("feedetail").as_array();
  ASSERT_EQ(lines.size(), 1u) << drugs.raw_output;  // the X-ray is no drug; visits of med_type 11 are not chronic
  EXPECT_EQ(lines[0].at("med_list_codg").as_string(), "XJ01CAA040A001010100001");
  EXPECT_EQ(lines[0].at("mdtrt_id").as_string(), mdtrt);
  EXPECT_EQ(lines[0].at("med_chrgitm_type").as_string(), "09");
  EXPECT_TRUE(has(drugs, "\"det_item_fee_sumamt\":20.00")) << drugs.raw_output;
  EXPECT_TRUE(lines[0].at("setl_id").is_null());
  // Another institution sees none of them; a reversed period is refused.
  auto elsewhere = call("5205", range, kPharmacy);
  ASSERT_EQ(elsewhere.infcode(), 0) << elsewhere.http.body;
  EXPECT_TRUE(elsewhere.output().at("feedetail").as_array().empty());
  EXPECT_EQ(call("5205", period(zhang, "2026-11-30 00:00:00", "2026-11-01 00:00:00")).err_code(), "FIELD_INVALID");
}

TEST_F(QueryApi, TheCatalogueDownloadsInPagesAndIncrements) {
  const auto page = [&](const std::string& fields) { return call("1312", R"({"data":{)" + fields + "}}"); };
  auto first = page(R"("page_num":1,"page_size":5)");
  ASSERT_EQ(first.infcode(), 0) << first.http.body;
  const auto& out = first.output();
  const auto total = out.at("recordCounts").as_int64();
  ASSERT_GT(total, 5);
  EXPECT_EQ(out.at("data").as_array().size(), 5u);
  EXPECT_EQ(out.at("pages").as_int64(), (total + 4) / 5);
  EXPECT_TRUE(out.at("firstPage").as_bool());
  EXPECT_FALSE(out.at("lastPage").as_bool());
  const auto& row = out.at("data").as_array()[0].as_object();
  for (const char* f : {"hilist_code", "hilist_name", "list_type", "chrgitm_lv", "lmt_pric", "insu_admdvs", "begndate",
                        "enddate", "vali_flag", "updt_time", "ver"}) {
    EXPECT_TRUE(row.contains(f)) << f;
  }
  // The last page holds the rest; numeric strings are accepted for the page fields.
  const auto last_num = std::to_string((total + 4) / 5);
  auto last = page(R"("page_num":")" + last_num + R"(","page_size":"5")");
  ASSERT_EQ(last.infcode(), 0) << last.http.body;
  EXPECT_TRUE(last.output().at("lastPage").as_bool());
  EXPECT_EQ(static_cast<std::int64_t>(last.output().at("data").as_array().size()), total - 5 * ((total + 4) / 5 - 1));

  auto amoxicillin = page(R"("hilist_code":"XJ01CAA040A001010100001","insu_admdvs":"000000","page_num":1,"page_size":10)");
  ASSERT_EQ(amoxicillin.infcode(), 0) << amoxicillin.http.body;
  ASSERT_EQ(amoxicillin.output().at("data").as_array().size(), 1u);
  EXPECT_TRUE(has(amoxicillin, R"("lmt_pric":1.20)")) << amoxicillin.raw_output;
  EXPECT_TRUE(has(amoxicillin, R"("list_type":"101")")) << amoxicillin.raw_output;
  // Nothing changed since a time to come: an empty increment.
  auto none = page(R"("updt_time":"2099-01-01 00:00:00","page_num":1,"page_size":10)");
  ASSERT_EQ(none.infcode(), 0) << none.http.body;
  EXPECT_EQ(none.output().at("recordCounts").as_int64(), 0);

  for (const char* bad : {R"("page_num":0,"page_size":10)", R"("page_num":1,"page_size":1001)",
                          R"("page_num":-1,"page_size":10)", R"("page_num":1.5,"page_size":10)",
                          R"("page_num":1,"page_size":10,"updt_time":"2026-11-01")",
                          R"("page_num":1,"page_size":10,"begndate":"2026/01/01")"}) {
    EXPECT_EQ(page(bad).err_code(), "FIELD_INVALID") << bad;
  }
}

// 1301: the 西药中成药 rows that apply at the institution (national + its region's, never
// another region's), as a zip fetched by 9102; the answer's ver brings only what changed since.
TEST_F(QueryApi, TheWesternMedicineCatalogueComesAsAFileByVersion) {
  auto rows_of = [](const Answer& a, const std::string& institution = kHospital) {
    const std::string no(a.output().at("file_qury_no").as_string());
    const std::string name(a.output().at("filename").as_string());
    auto file = post("9102", R"({"fsDownloadIn":{"file_qury_no":")" + no + R"(","filename":")" + name + R"(","fixmedins_code":")" +
                                 institution + R"("}})",
                     institution);
    EXPECT_EQ(file.status, 200u);
    auto entries = docs::read_zip(file.body, 1 << 20);
    EXPECT_TRUE(entries) << file.body;
    std::map<std::string, std::vector<std::string>> rows;  // code@admdvs → fields
    if (!entries || entries->size() != 1) return rows;
    std::istringstream lines((*entries)[0].content);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string f; std::getline(cells, f, '\t');) fields.push_back(f);
      if (line.back() == '\t') fields.push_back("");
      EXPECT_EQ(fields.size(), 12u) << line;
      if (fields.size() == 12u) rows[fields[0] + "@" + fields[6]] = fields;
    }
    return rows;
  };
  auto full = call("1301", R"({"data":{"ver":"0"}})");
  ASSERT_EQ(full.infcode(), 0) << full.http.body;
  const std::string ver(full.output().at("ver").as_string());
  ASSERT_EQ(ver.size(), 14u) << full.raw_output;
  auto all = rows_of(full);
  EXPECT_EQ(static_cast<std::int64_t>(all.size()), full.output().at("rows").as_int64());
  ASSERT_TRUE(all.count("XJ01CAA040A001010100001@000000"));
  const auto& amoxicillin = all["XJ01CAA040A001010100001@000000"];
  EXPECT_EQ(amoxicillin[1], "阿莫西林胶囊 0.25g");
  EXPECT_EQ(amoxicillin[3], "09");
  EXPECT_EQ(amoxicillin[4], "1.20");
  EXPECT_EQ(amoxicillin[5], "1");
  EXPECT_TRUE(all.count("ZA04AAL0153010102001@000000")) << "中成药 11";
  EXPECT_FALSE(all.count("210102015@000000")) << "an examination is not a drug";
  EXPECT_FALSE(all.count("T001700643@000000")) << "中药饮片 are catalogue 1302's";

  // 北京朝阳 gets a drug of its own, 上海 another; a later change.
  {
    store::PoolOptions options;
    options.url = database_->url();
    options.size = 1;
    auto pool = store::Pool::open(options);
    store::Database db(*pool);
    db.write([](store::Tx& tx) {
      store::CatalogueItem own{"110105", "XBJ0000000000000000001", "朝阳区增补药品", "02", "09", 800, true};
      own.updt_time = "2099-01-01 08:00:00";
      store::CatalogueRepo::upsert(tx, own);
      store::CatalogueItem other{"310104", "XSH0000000000000000001", "徐汇区增补药品", "02", "09", 800, true};
      other.updt_time = "2099-01-01 08:00:00";
      store::CatalogueRepo::upsert(tx, other);
    });
  }
  auto increment = call("1301", R"({"data":{"ver":")" + ver + R"("}})");
  ASSERT_EQ(increment.infcode(), 0) << increment.http.body;
  EXPECT_EQ(increment.output().at("ver").as_string(), "20990101080000");
  auto changed = rows_of(increment);
  EXPECT_TRUE(changed.count("XBJ0000000000000000001@110105"));
  EXPECT_FALSE(changed.count("XSH0000000000000000001@310104")) << "another region's row";
  const std::string since = ver.substr(0, 4) + "-" + ver.substr(4, 2) + "-" + ver.substr(6, 2) + " " + ver.substr(8, 2) +
                            ":" + ver.substr(10, 2) + ":" + ver.substr(12, 2);
  for (const auto& [key, fields] : changed) EXPECT_GE(fields[10], since) << key << ": only rows changed at or after ver";
  auto nothing_new = call("1301", R"({"data":{"ver":"20990101080001"}})");
  ASSERT_EQ(nothing_new.infcode(), 0) << nothing_new.http.body;
  EXPECT_EQ(nothing_new.output().at("rows").as_int64(), 0);
  EXPECT_EQ(nothing_new.output().at("ver").as_string(), "20990101080001");

  for (const char* bad : {"2026-11-01", "2026110108300", "20261341083000", "abc"}) {
    auto refused = call("1301", std::string(R"({"data":{"ver":")") + bad + R"("}})");
    EXPECT_EQ(refused.err_code(), "FIELD_INVALID") << bad;
    EXPECT_EQ(refused.body.at("err_field").as_string(), "data.ver");
  }
  // The file is the hospital's: the pharmacy next door cannot fetch it.
  const std::string no(full.output().at("file_qury_no").as_string());
  auto theirs = post("9102", R"({"fsDownloadIn":{"file_qury_no":")" + no + R"("}})", kPharmacy);
  EXPECT_NE(theirs.body.find("FSI_FILE_NOT_FOUND"), std::string::npos) << theirs.body;
}

TEST_F(QueryApi, AQuerySpendsItsNonce) {
  const auto& zhang = people_["张建国"];
  const std::string nonce = unique_name("once");
  const auto input = period(zhang, "2026-11-01 00:00:00", "2026-11-30 23:59:59");
  EXPECT_EQ(call("5201", input, kHospital, nonce).infcode(), 0);
  EXPECT_EQ(call("5201", input, kHospital, nonce).http.status, 401u);
}

}  // namespace
}  // namespace yibao::testing
