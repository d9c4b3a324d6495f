// The institution interface over real HTTP against the demo world: POST /fsi/api/callService
// for every transaction, idempotent replay, reversal, and each refusal — including a
// cross-province visit refused without a 异地就医备案 and settled with one under the insured
// place's policy.
#include <cstdio>
#include <ctime>
#include <map>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/money.h"
#include "docs/zip_archive.h"
#include "domain/reconciliation.h"
#include "services/account_service.h"
#include "services/institution_auth.h"
#include "store/diagnosis_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"
#include "store/people_repo.h"
#include "store/settlement_repo.h"
#include "support/demo_server.h"
#include "support/fsi_client.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

class SettlementApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(api_backend());
    data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
    auto world = seed_demo_world(database_->url(), data_dir_);
    ASSERT_TRUE(world);
    people_ = world->people;
    secrets_ = world->institution_secrets;
    ASSERT_TRUE(people_.count("张建国"));
    ASSERT_TRUE(people_.count("王芳"));
    server_ = new ServerProcess(database_->url(), demo_server_args(data_dir_));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }
  static unsigned short port() { return server_->port(); }

  static HttpResponse signed_post(const std::string& target, const std::string& body, const std::string& institution,
                                  std::string ts = "", std::string nonce = "") {
    return signed_tif_post(port(), target, body, institution, secrets_[institution], std::move(ts), std::move(nonce));
  }

  static std::string next_msgid(const std::string& institution) {
    static int seq = 0;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d", ++seq % 10000);
    return institution + "20261123100000" + buf;
  }

  // One envelope; `input` is raw JSON text so amounts keep their exact digits.
  static std::string envelope(const std::string& infno, const std::string& input, const std::string& msgid,
                              const std::string& insuplc = "110105", const std::string& institution = "H11010500001") {
    return R"({"infno":")" + infno + R"(","msgid":")" + msgid + R"(","mdtrtarea_admvs":"110105","insuplc_admdvs":")" +
           insuplc + R"(","recer_sys_code":"YBXT","dev_no":"","dev_safe_info":"","cainfo":"","signtype":"",)"
           R"("infver":"V1.0","opter_type":"1","opter":"D001","opter_name":"王医生","inf_time":"2026-11-23 10:00:00",)"
           R"("fixmedins_code":")" + institution + R"(","fixmedins_name":"演示医院","sign_no":"","input":)" + input + "}";
  }

  using Answer = FsiAnswer;

  static Answer call(const std::string& infno, const std::string& input, std::string msgid = "",
                     const std::string& insuplc = "110105", const std::string& institution = "H11010500001") {
    if (msgid.empty()) msgid = next_msgid(institution);
    return send(envelope(infno, input, msgid, insuplc, institution), institution);
  }
  // A whole envelope as written (for HIS messages with fields of their own).
  static Answer send(const std::string& body, const std::string& institution = "H11010500001") {
    auto a = fsi_answer(signed_post("/fsi/api/callService", body, institution));
    EXPECT_TRUE(a.http.status == 200u || a.http.status == 401u) << a.http.body;
    return a;
  }

  static std::string cert(const std::string& type, const std::string& no) {
    return R"("mdtrt_cert_type":")" + type + R"(","mdtrt_cert_no":")" + no + R"(")";
  }

  // 2401 → mdtrt_id of a stay at H11010500001 (a 三级 hospital).
  static std::string admit(const DemoPerson& p, const std::string& ipt_no) {
    auto adm = call("2401", R"({"mdtrtinfo":{"psn_no":")" + p.psn_no + R"(","insutype":"310","begntime":"2026-11-20 08:00:00",)" +
                                cert("02", p.id_number) + R"(,"med_type":"21","ipt_no":")" + ipt_no +
                                R"(","atddr_no":"D002","chfpdr_name":"李医生","adm_diag_dscr":"急性阑尾炎",)"
                                R"("adm_dept_codg":"K05","adm_dept_name":"普外科","adm_bed":"12","dscg_maindiag_code":"K35.800","dscg_maindiag_name":"急性阑尾炎"},"diseinfo":[]})");
    EXPECT_EQ(adm.infcode(), 0) << adm.http.body;
    if (adm.infcode() != 0) return {};
    return std::string(adm.output().at("result").at("mdtrt_id").as_string());
  }
  // 2301: one inpatient detail (no batch).
  static Answer inpatient_fee(const DemoPerson& p, const std::string& mdtrt_id, const std::string& sn, const std::string& code,
                              const std::string& amount, const std::string& cnt, const std::string& pric) {
    std::string f = fee(p, mdtrt_id, sn, "", code, amount, cnt, pric);
    f.replace(f.find(R"("chrg_bchno":"",)"), 16, "");
    return call("2301", R"({"feedetail":[)" + f + "]}");
  }
  // 2303/2304 input: `flag` 1 = interim, 0 = discharge.
  static std::string inpatient_settle_input(const DemoPerson& p, const std::string& mdtrt_id, const std::string& sum,
                                            const std::string& flag) {
    return R"({"data":{"psn_no":")" + p.psn_no + R"(",)" + cert("02", p.id_number) + R"(,"medfee_sumamt":)" + sum +
           R"(,"psn_setlway":"01","mdtrt_id":")" + mdtrt_id + R"(","insutype":"310","acct_used_flag":"0","mid_setl_flag":")" +
           flag + R"(","med_type":"21"}})";
  }
  // 2101/2102 input at the pharmacy: 布洛芬 6.00 (甲, in the account scope) and vitamins 20.00 (丙).
  static std::string drug_purchase(const DemoPerson& p, const std::string& insutype) {
    return R"({"druginfo":{"psn_no":")" + p.psn_no + R"(",)" + cert("02", p.id_number) +
           R"(,"begntime":"2026-11-23 10:00:00","medfee_sumamt":26.00,"insutype":")" + insutype +
           R"(","acct_used_flag":"1","med_type":"41"},"drugdetail":[{"feedetl_sn":"1","rxno":"","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 10:00:00",)"
           R"("med_list_codg":"XN02BEA013A001010100001","medins_list_codg":"P-1","det_item_fee_sumamt":6.00,"cnt":4,"pric":1.50},)"
           R"({"feedetl_sn":"2","rxno":"","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 10:00:00","med_list_codg":"XV06DXA000A001010100001","medins_list_codg":"P-2","det_item_fee_sumamt":20.00,"cnt":1,"pric":20.00}]})";
  }

  // Reads what the server wrote, on a connection of the test's own.
  template <class F>
  static auto read_store(F&& fn) {
    store::PoolOptions options;
    options.url = database_->url();
    options.size = 1;
    auto pool = store::Pool::open(options);
    store::Database db(*pool);
    return db.read(std::forward<F>(fn));
  }
  template <class F>
  static auto write_store(F&& fn) {
    store::PoolOptions options;
    options.url = database_->url();
    options.size = 1;
    auto pool = store::Pool::open(options);
    store::Database db(*pool);
    return db.write(std::forward<F>(fn));
  }
  static std::vector<store::DiagnosisRow> stored_diagnoses(const std::string& mdtrt_id) {
    return read_store([&](store::Tx& tx) {
      return store::DiagnosisRepo::of_visit(tx, store::SettlementRepo::visit(tx, mdtrt_id)->id);
    });
  }
  static long long audit_rows(const std::string& actor_id, const std::string& action, const std::string& detail) {
    return read_store([&](store::Tx& tx) {
      long long n = 0;
      tx.run("SELECT COUNT(*) FROM audit_events WHERE actor_id = :a AND action = :b AND detail = :d", soci::use(actor_id),
             soci::use(action), soci::use(detail), soci::into(n));
      return n;
    });
  }

  // 2201 → mdtrt_id.
  static std::string register_visit(const DemoPerson& p, const std::string& insutype, const std::string& ipt_otp_no,
                                    const std::string& insuplc = "110105") {
    auto a = call("2201", R"({"data":{"psn_no":")" + p.psn_no + R"(","insutype":")" + insutype +
                              R"(","begntime":"2026-11-23 09:30:00",)" + cert("02", p.id_number) +
                              R"(,"ipt_otp_no":")" + ipt_otp_no +
                              R"(","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                  "", insuplc);
    EXPECT_EQ(a.infcode(), 0) << a.http.body;
    if (a.infcode() != 0) return {};
    return std::string(a.output().at("data").at("mdtrt_id").as_string());
  }

  static std::string fee(const DemoPerson& p, const std::string& mdtrt_id, const std::string& sn, const std::string& batch,
                         const std::string& code, const std::string& amount, const std::string& cnt, const std::string& pric) {
    return R"({"feedetl_sn":")" + sn + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" + p.psn_no +
           R"(","chrg_bchno":")" + batch + R"(","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 09:40:00",)"
           R"("med_list_codg":")" + code + R"(","medins_list_codg":"H-)" + code + R"(","det_item_fee_sumamt":)" + amount +
           R"(,"cnt":)" + cnt + R"(,"pric":)" + pric +
           R"(,"bilg_dept_codg":"K01","bilg_dept_name":"内科","bilg_dr_codg":"D001","bilg_dr_name":"王医生","hosp_appr_flag":"1"})";
  }

  static std::string basket(const DemoPerson& p, const std::string& mdtrt_id, const std::string& batch) {
    return R"({"feedetail":[)" + fee(p, mdtrt_id, "1", batch, "XJ01CAA040A001010100001", "20.00", "20", "1.00") + "," +
           fee(p, mdtrt_id, "2", batch, "210102015", "90.00", "1", "90.00") + "," +
           fee(p, mdtrt_id, "3", batch, "C0301020010200000002", "2.00", "1", "2.00") + "," +
           fee(p, mdtrt_id, "4", batch, "NOT-IN-CATALOGUE-001", "12.30", "1", "12.30") + "]}";
  }

  static std::string settle_input(const DemoPerson& p, const std::string& insutype, const std::string& mdtrt_id,
                                  const std::string& batch, const std::string& sum, const std::string& cert_type = "02",
                                  const std::string& cert_no = "") {
    return R"({"data":{"psn_no":")" + p.psn_no + R"(",)" + cert(cert_type, cert_no.empty() ? p.id_number : cert_no) +
           R"(,"med_type":"11","medfee_sumamt":)" + sum + R"(,"psn_setlway":"01","mdtrt_id":")" + mdtrt_id +
           R"(","chrg_bchno":")" + batch + R"(","insutype":")" + insutype + R"(","acct_used_flag":"1"}})";
  }

  // An agency staff session (demo staff share one password).
  static std::string staff_login(const std::string& username) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/api/agency/v1/sessions";
    r.body = R"({"username":")" + username + R"(","password":"Agent2026demo"})";
    r.headers = {{"Content-Type", "application/json"}};
    auto a = http_call(port(), r);
    EXPECT_EQ(a.status, 201u) << a.body;
    return a.status == 201u ? std::string(json::parse(a.body).at("token").as_string()) : "";
  }
  static HttpResponse staff_send(const std::string& method, const std::string& target, const std::string& token,
                                 const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
    return http_call(port(), r);
  }

  static inline ScratchDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string data_dir_;
  static inline std::map<std::string, DemoPerson> people_;
  static inline std::map<std::string, std::string> secrets_;
};

TEST_F(SettlementApi, SignInAndPersonLookupByIdNumberAndCard) {
  auto s = call("9001", R"({"signIn":{"opter_no":"D001","mac":"00:00:00:00:00:00","ip":"10.0.0.8"}})", "", "");
  ASSERT_EQ(s.infcode(), 0) << s.http.body;
  EXPECT_FALSE(s.output().at("signinoutb").at("sign_no").as_string().empty());

  const auto& zhang = people_["张建国"];
  auto p = call("1101", R"({"data":{)" + cert("02", zhang.id_number) + R"(,"psn_cert_type":"01","certno":")" +
                            zhang.id_number + R"(","psn_name":"张建国"}})", "", "");
  ASSERT_EQ(p.infcode(), 0) << p.http.body;
  EXPECT_EQ(p.output().at("baseinfo").at("psn_no").as_string(), zhang.psn_no);
  ASSERT_TRUE(p.output().at("insuinfo").is_array());
  EXPECT_TRUE(p.output().at("idetinfo").is_array());
  const auto& insu = p.output().at("insuinfo").as_array()[0].as_object();
  EXPECT_EQ(insu.at("insutype").as_string(), "310");
  EXPECT_EQ(insu.at("insuplc_admdvs").as_string(), "110105");
  // balc is what the account can pay: 6040.00 less the 500.00 his sister's 共济额度 holds.
  EXPECT_NE(p.raw_output.find("\"balc\":5540.00"), std::string::npos) << p.raw_output;

  auto card = call("1101", R"({"data":{)" + cert("03", zhang.id_number) + R"(,"card_sn":"A1B2C3","psn_cert_type":"01"}})", "", "");
  EXPECT_EQ(card.infcode(), 0) << card.http.body;
  auto no_sn = call("1101", R"({"data":{)" + cert("03", zhang.id_number) + R"(,"psn_cert_type":"01"}})", "", "");
  EXPECT_EQ(no_sn.err_code(), "FIELD_MISSING");
}

TEST_F(SettlementApi, OutpatientFlowSettlesReplaysAndReverses) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = register_visit(zhang, "310", "OP-1001");
  ASSERT_FALSE(mdtrt.empty());
  auto info = call("2203", R"({"mdtrtinfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                               R"(","med_type":"11","begntime":"2026-11-23 09:30:00","dise_codg":"J06.900","dise_name":"上呼吸道感染"},)"
                               R"("diseinfo":[{"diag_type":"1","diag_srt_no":1,"diag_code":"J06.900","diag_name":"上呼吸道感染","diag_dept":"内科","dise_dor_no":"D001","dise_dor_name":"王医生","diag_time":"2026-11-23 09:35:00","vali_flag":"1"}]})");
  EXPECT_EQ(info.infcode(), 0) << info.http.body;

  auto up = call("2204", basket(zhang, mdtrt, "B1"));
  ASSERT_EQ(up.infcode(), 0) << up.http.body;
  const auto& lines = up.output().at("result").as_array();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].at("chrgitm_lv").as_string(), "01");
  EXPECT_EQ(lines[2].at("chrgitm_lv").as_string(), "03");
  EXPECT_EQ(lines[3].at("memo").as_string(), "目录外项目，全部自费");
  EXPECT_NE(up.raw_output.find("\"fulamt_ownpay_amt\":12.30"), std::string::npos) << up.raw_output;

  auto pre = call("2206", settle_input(zhang, "310", mdtrt, "B1", "124.30"));
  ASSERT_EQ(pre.infcode(), 0) << pre.http.body;
  const auto& pinfo = pre.output().at("setlinfo").as_object();
  EXPECT_TRUE(pinfo.at("setl_id").is_null());
  EXPECT_NE(pre.raw_output.find("\"medfee_sumamt\":124.30"), std::string::npos) << pre.raw_output;

  const std::string msgid = next_msgid("H11010500001");
  auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"), msgid);
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const auto& s = paid.output().at("setlinfo").as_object();
  const std::string setl_id(s.at("setl_id").as_string());
  EXPECT_FALSE(setl_id.empty());
  EXPECT_EQ(s.at("medins_setl_id").as_string(), msgid);
  EXPECT_TRUE(s.contains("acct_mulaid_pay"));
  // 三级 hospital, 职工 outpatient deductible 200.00 > 110.00 in scope: no fund; the in-scope
  // share from the account (当年 360.00), 口罩 and the unknown item in cash.
  EXPECT_NE(paid.raw_output.find("\"hifp_pay\":0.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"acct_pay\":110.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"psn_cash_pay\":14.30"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"acct_mulaid_pay\":0.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"balc\":5430.00"), std::string::npos) << paid.raw_output;
  // setldetail: one item per fund that paid — here only the own account (no pooled fund).
  const auto& detail = paid.output().at("setldetail").as_array();
  ASSERT_EQ(detail.size(), 1u) << paid.raw_output;
  EXPECT_EQ(detail[0].at("fund_pay_type").as_string(), "310200");
  EXPECT_NE(paid.raw_output.find("\"fund_payamt\":110.00"), std::string::npos) << paid.raw_output;

  // Replay: the first result, byte for byte; money moved once.
  auto replay = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"), msgid);
  ASSERT_EQ(replay.infcode(), 0);
  EXPECT_EQ(replay.raw_output, paid.raw_output);
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30")).err_code(), "FSI_ALREADY_SETTLED");
  EXPECT_EQ(call("2204", R"({"feedetail":[)" + fee(zhang, mdtrt, "8", "B1", "250403001", "5.00", "1", "5.00") + "]}").err_code(),
            "FSI_ALREADY_SETTLED");
  // Negative quantities are 2301's inpatient refunds only.
  EXPECT_EQ(call("2204", R"({"feedetail":[)" + fee(zhang, mdtrt, "9", "B2", "250403001", "-5.00", "-1", "5.00") + "]}").err_code(),
            "FIELD_INVALID");
  EXPECT_EQ(call("2205", R"({"data":{"mdtrt_id":")" + mdtrt + R"(","chrg_bchno":"B1","psn_no":")" + zhang.psn_no + R"("}})").err_code(),
            "FSI_VISIT_HAS_SETTLEMENT");
  EXPECT_EQ(call("2202", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","mdtrt_id":")" + mdtrt + R"(","ipt_otp_no":"OP-1001"}})").err_code(),
            "FSI_VISIT_HAS_SETTLEMENT");

  const std::string rev_msgid = next_msgid("H11010500001");
  const std::string rev_input = R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"("}})";
  auto rev = call("2208", rev_input, rev_msgid);
  ASSERT_EQ(rev.infcode(), 0) << rev.http.body;
  EXPECT_NE(rev.raw_output.find("\"medfee_sumamt\":-124.30"), std::string::npos) << rev.raw_output;
  EXPECT_NE(rev.raw_output.find("\"acct_pay\":-110.00"), std::string::npos) << rev.raw_output;
  EXPECT_NE(rev.raw_output.find("\"balc\":5540.00"), std::string::npos) << rev.raw_output;
  EXPECT_NE(rev.raw_output.find("\"fund_payamt\":-110.00"), std::string::npos) << rev.raw_output;
  EXPECT_NE(std::string(rev.output().at("setlinfo").at("setl_id").as_string()), setl_id);
  EXPECT_EQ(call("2208", rev_input, rev_msgid).raw_output, rev.raw_output);
  EXPECT_EQ(call("2208", rev_input).err_code(), "FSI_SETTLEMENT_REVERSED");

  // After the reversal the batch can be cancelled (2205 "0000") and the visit (2202).
  EXPECT_EQ(call("2205", R"({"data":{"mdtrt_id":")" + mdtrt + R"(","chrg_bchno":"0000","psn_no":")" + zhang.psn_no + R"("}})").infcode(), 0);
  EXPECT_EQ(call("2202", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","mdtrt_id":")" + mdtrt + R"(","ipt_otp_no":"OP-1001"}})").infcode(), 0);
}

TEST_F(SettlementApi, InpatientInterimAndDischargeSettlementsAndReversal) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = admit(zhang, "IP-2001");
  ASSERT_FALSE(mdtrt.empty());
  auto up = [&](const std::string& sn, const std::string& code, const std::string& amt, const std::string& cnt, const std::string& pric) {
    return inpatient_fee(zhang, mdtrt, sn, code, amt, cnt, pric);
  };
  ASSERT_EQ(up("1", "110900001a", "150.00", "3", "50.00").infcode(), 0);
  auto mid_input = [&](const std::string& sum, const std::string& flag) { return inpatient_settle_input(zhang, mdtrt, sum, flag); };
  auto pre = call("2303", mid_input("150.00", "1"));
  ASSERT_EQ(pre.infcode(), 0) << pre.http.body;
  auto interim = call("2304", mid_input("150.00", "1"));
  ASSERT_EQ(interim.infcode(), 0) << interim.http.body;
  // 职工 inpatient deductible at a 三级 hospital is 1300.00: all 150.00 in cash.
  EXPECT_NE(interim.raw_output.find("\"act_pay_dedc\":150.00"), std::string::npos) << interim.raw_output;
  EXPECT_NE(interim.raw_output.find("\"clr_type\":\"21\""), std::string::npos);

  ASSERT_EQ(up("2", "331003001", "1800.00", "1", "1800.00").infcode(), 0);
  ASSERT_EQ(call("2402", R"({"dscginfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                              R"(","insutype":"310","endtime":"2026-11-23 10:00:00","dscg_dept_codg":"K05","dscg_dept_name":"普外科","dscg_way":"1"},"diseinfo":[]})")
                .infcode(),
            0);
  auto final_settle = call("2304", mid_input("1800.00", "0"));
  ASSERT_EQ(final_settle.infcode(), 0) << final_settle.http.body;
  // The deductible left: 1300.00 − 150.00 = 1150.00; the fund pays 80% of 650.00 = 520.00.
  EXPECT_NE(final_settle.raw_output.find("\"act_pay_dedc\":1150.00"), std::string::npos) << final_settle.raw_output;
  EXPECT_NE(final_settle.raw_output.find("\"hifp_pay\":520.00"), std::string::npos) << final_settle.raw_output;
  const auto& funds = final_settle.output().at("setldetail").as_array();
  ASSERT_FALSE(funds.empty()) << final_settle.raw_output;
  EXPECT_EQ(funds[0].at("fund_pay_type").as_string(), "310100");
  EXPECT_NE(final_settle.raw_output.find("\"fund_payamt\":520.00"), std::string::npos) << final_settle.raw_output;
  EXPECT_EQ(call("2304", mid_input("0.00", "0")).err_code(), "FSI_ALREADY_SETTLED");

  const std::string setl_id(final_settle.output().at("setlinfo").at("setl_id").as_string());
  auto rev = call("2305", R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"("}})");
  ASSERT_EQ(rev.infcode(), 0) << rev.http.body;
  EXPECT_NE(rev.raw_output.find("\"hifp_pay\":-520.00"), std::string::npos) << rev.raw_output;

  // The interim settlement can be reversed too: its 150.00 of deductible goes back to the year,
  // so his next visit starts from a deductible nobody has touched.
  const std::string interim_id(interim.output().at("setlinfo").at("setl_id").as_string());
  auto rev_interim = call("2305", R"({"data":{"setl_id":")" + interim_id + R"(","mdtrt_id":")" + mdtrt + R"(","psn_no":")" +
                                      zhang.psn_no + R"("}})");
  ASSERT_EQ(rev_interim.infcode(), 0) << rev_interim.http.body;
  EXPECT_NE(rev_interim.raw_output.find("\"act_pay_dedc\":-150.00"), std::string::npos) << rev_interim.raw_output;
  auto again = call("2303", mid_input("1950.00", "0"));
  ASSERT_EQ(again.infcode(), 0) << again.http.body;
  EXPECT_NE(again.raw_output.find("\"act_pay_dedc\":1300.00"), std::string::npos) << again.raw_output;
}

TEST_F(SettlementApi, AStaysDeductibleIsItsOwnAndLeavesTheOutpatientOneUntouched) {
  const auto& zhang = people_["张建国"];
  // An interim settlement of a stay: 150.00 towards the inpatient deductible (1300.00 at a 三级 hospital).
  const auto mdtrt = admit(zhang, "IP-7001");
  ASSERT_FALSE(mdtrt.empty());
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "1", "110900001a", "150.00", "3", "50.00").infcode(), 0);
  auto interim = call("2304", inpatient_settle_input(zhang, mdtrt, "150.00", "1"));
  ASSERT_EQ(interim.infcode(), 0) << interim.http.body;
  EXPECT_NE(interim.raw_output.find("\"act_pay_dedc\":150.00"), std::string::npos) << interim.raw_output;

  // The same week at the pharmacy: the outpatient deductible is untouched by the stay, so the
  // in-scope 6.00 goes towards it (from his account) and the fund pays nothing yet.
  auto paid = call("2102", drug_purchase(zhang, "310"), "", "110105", "P11010500003");
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  EXPECT_NE(paid.raw_output.find("\"act_pay_dedc\":6.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"hifp_pay\":0.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"acct_pay\":6.00"), std::string::npos) << paid.raw_output;

  // And the stay's discharge settlement still starts from its own 150.00: 1150.00 left.
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "2", "331003001", "1800.00", "1", "1800.00").infcode(), 0);
  ASSERT_EQ(call("2402", R"({"dscginfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                             R"(","insutype":"310","endtime":"2026-11-23 10:00:00","dscg_dept_codg":"K05","dscg_dept_name":"普外科","dscg_way":"1"},"diseinfo":[]})")
                .infcode(),
            0);
  auto final_settle = call("2304", inpatient_settle_input(zhang, mdtrt, "1800.00", "0"));
  ASSERT_EQ(final_settle.infcode(), 0) << final_settle.http.body;
  EXPECT_NE(final_settle.raw_output.find("\"act_pay_dedc\":1150.00"), std::string::npos) << final_settle.raw_output;
}

TEST_F(SettlementApi, DiagnosesAreStoredPerStageAndABadEntryIsRefusedByItsPath) {
  const auto& zhang = people_["张建国"];
  const std::string admission = R"({"mdtrtinfo":{"psn_no":")" + zhang.psn_no +
                                R"(","insutype":"310","begntime":"2026-11-20 08:00:00",)" + cert("02", zhang.id_number) +
                                R"(,"med_type":"21","ipt_no":"IP-DX1","atddr_no":"D002","chfpdr_name":"李医生","adm_diag_dscr":"胆囊炎",)"
                                R"("adm_dept_codg":"K05","adm_dept_name":"普外科","adm_bed":"3","dscg_maindiag_code":"K81.000","dscg_maindiag_name":"急性胆囊炎"},)";
  const std::string main_k81 =
      R"({"diag_type":"1","maindiag_flag":"1","diag_srt_no":1,"diag_code":"K81.000","diag_name":"急性胆囊炎","adm_cond":"1","diag_dept":"普外科","dise_dor_no":"D002","dise_dor_name":"李医生","diag_time":"2026-11-20 08:10:00"})";
  const std::string other_i10 =
      R"({"diag_type":"1","maindiag_flag":"0","diag_srt_no":2,"diag_code":"I10.x00","diag_name":"高血压","diag_dept":"普外科","dise_dor_no":"D002","dise_dor_name":"李医生","diag_time":"2026-11-20 08:10:00"})";

  // Refusals name the entry and field, and open no visit.
  auto two_mains = call("2401", admission + R"("diseinfo":[)" + main_k81 + "," + main_k81 + "]}");
  EXPECT_EQ(two_mains.err_code(), "FIELD_INVALID") << two_mains.http.body;
  auto no_type = call("2401", admission + R"("diseinfo":[{"maindiag_flag":"1","diag_code":"K81.000"}]})");
  EXPECT_EQ(no_type.err_code(), "FIELD_MISSING");
  EXPECT_NE(no_type.http.body.find("diseinfo[0].diag_type"), std::string::npos) << no_type.http.body;
  auto bad_time = call("2401", admission + R"("diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_time":"20/11/2026"}]})");
  EXPECT_EQ(bad_time.err_code(), "FIELD_INVALID") << bad_time.http.body;

  auto adm = call("2401", admission + R"("diseinfo":[)" + other_i10 + "," + main_k81 + "]}");
  ASSERT_EQ(adm.infcode(), 0) << adm.http.body;
  const std::string mdtrt(adm.output().at("result").at("mdtrt_id").as_string());

  // 2402 brings the discharge diagnoses: a list of its own beside the admission's.
  const std::string discharge = R"({"dscginfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                                R"(","insutype":"310","endtime":"2026-11-23 10:00:00","dscg_dept_codg":"K05","dscg_dept_name":"普外科","dscg_way":"1"},)";
  auto no_main = call("2402", discharge + R"("diseinfo":[)" + other_i10 + "]}");
  EXPECT_EQ(no_main.err_code(), "FIELD_INVALID") << no_main.http.body;
  ASSERT_EQ(call("2402", discharge + R"("diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_srt_no":1,"diag_code":"K80.000","diag_name":"胆囊结石伴急性胆囊炎"}]})")
                .infcode(),
            0);

  const auto stored = stored_diagnoses(mdtrt);
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].stage, "admission");
  EXPECT_EQ(stored[0].diag_code, "K81.000");  // in diag_srt_no order, not upload order
  EXPECT_EQ(stored[0].maindiag_flag, "1");
  EXPECT_EQ(stored[0].adm_cond, "1");
  EXPECT_EQ(stored[1].diag_code, "I10.x00");
  EXPECT_EQ(stored[2].stage, "discharge");
  EXPECT_EQ(stored[2].diag_name, "胆囊结石伴急性胆囊炎");
}

TEST_F(SettlementApi, An2203ReplacesTheVisitsOutpatientDiagnoses) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = register_visit(zhang, "310", "OP-DX2");
  ASSERT_FALSE(mdtrt.empty());
  const auto upload = [&](const std::string& diseinfo) {
    return call("2203", R"({"mdtrtinfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                            R"(","med_type":"11","begntime":"2026-11-23 09:30:00"},"diseinfo":)" + diseinfo + "}");
  };
  const auto entry = [](const std::string& n, const std::string& code, const std::string& name) {
    return R"({"diag_type":"1","diag_srt_no":)" + n + R"(,"diag_code":")" + code + R"(","diag_name":")" + name +
           R"(","diag_dept":"内科","dise_dor_no":"D001","dise_dor_name":"王医生","diag_time":"2026-11-23 09:35:00","vali_flag":"1"})";
  };
  // 2203 asks for every field of an entry.
  auto missing = upload(R"([{"diag_type":"1","diag_srt_no":1,"diag_code":"J06.900","diag_name":"上呼吸道感染"}])");
  EXPECT_EQ(missing.err_code(), "FIELD_MISSING");
  EXPECT_NE(missing.http.body.find("diseinfo[0].diag_dept"), std::string::npos) << missing.http.body;
  EXPECT_EQ(upload("[" + entry("1", "J06.900", "上呼吸道感染") + "," + entry("1", "J20.900", "急性支气管炎") + "]").err_code(),
            "FIELD_INVALID");  // one serial twice
  EXPECT_EQ(upload("[" + entry("100", "J06.900", "上呼吸道感染") + "]").err_code(), "FIELD_INVALID");  // N2

  ASSERT_EQ(upload("[" + entry("1", "J06.900", "上呼吸道感染") + "," + entry("2", "R50.900", "发热") + "]").infcode(), 0);
  ASSERT_EQ(upload("[" + entry("1", "J20.900", "急性支气管炎") + "]").infcode(), 0);  // the doctor corrected it

  const auto stored = stored_diagnoses(mdtrt);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].stage, "outpatient");
  EXPECT_EQ(stored[0].diag_code, "J20.900");
  EXPECT_EQ(stored[0].vali_flag, "1");
  EXPECT_EQ(stored[0].diag_time, "2026-11-23 09:35:00");
}

TEST_F(SettlementApi, AVisitIsOnlyWorkedOnByItsOwnKindsTransactions) {
  const auto& zhang = people_["张建国"];
  const auto outpatient = register_visit(zhang, "310", "OP-KIND");
  ASSERT_FALSE(outpatient.empty());
  // A discharge (2402) or an inpatient upload (2301) of an outpatient visit changes nothing.
  auto discharge = call("2402", R"({"dscginfo":{"mdtrt_id":")" + outpatient + R"(","psn_no":")" + zhang.psn_no +
                                    R"(","insutype":"310","endtime":"2026-11-23 10:00:00","dscg_dept_codg":"K01","dscg_dept_name":"内科","dscg_way":"1"}})");
  EXPECT_EQ(discharge.err_code(), "FSI_VISIT_KIND_MISMATCH") << discharge.http.body;
  EXPECT_NE(discharge.http.body.find("门诊就诊"), std::string::npos) << discharge.http.body;
  EXPECT_EQ(call("2301", basket(zhang, outpatient, "")).err_code(), "FSI_VISIT_KIND_MISMATCH");
  ASSERT_EQ(call("2204", basket(zhang, outpatient, "B1")).infcode(), 0);
  auto settled = call("2207", settle_input(zhang, "310", outpatient, "B1", "124.30"));
  ASSERT_EQ(settled.infcode(), 0) << settled.http.body;  // still open: the refused 2402 left it so
  const std::string setl_id(settled.output().at("setlinfo").at("setl_id").as_string());
  // 2305 is the inpatient reversal: an outpatient settlement is reversed by 2208.
  const std::string reversal = R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + outpatient +
                               R"(","psn_no":")" + zhang.psn_no + R"("}})";
  EXPECT_EQ(call("2305", reversal).err_code(), "FSI_VISIT_KIND_MISMATCH");
  EXPECT_EQ(call("2208", reversal).infcode(), 0);

  // A stay is not cancelled as a registration, nor priced as an outpatient batch.
  auto adm = call("2401", R"({"mdtrtinfo":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-20 08:00:00",)" +
                              cert("02", zhang.id_number) +
                              R"(,"med_type":"21","ipt_no":"IP-KIND","atddr_no":"D002","chfpdr_name":"李医生","adm_diag_dscr":"肺炎",)"
                              R"("adm_dept_codg":"K01","adm_dept_name":"内科","adm_bed":"9","dscg_maindiag_code":"J18.900","dscg_maindiag_name":"肺炎"}})");
  ASSERT_EQ(adm.infcode(), 0) << adm.http.body;
  const std::string stay(adm.output().at("result").at("mdtrt_id").as_string());
  EXPECT_EQ(call("2202", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","mdtrt_id":")" + stay + R"(","ipt_otp_no":"IP-KIND"}})")
                .err_code(),
            "FSI_VISIT_KIND_MISMATCH");
  EXPECT_EQ(call("2204", basket(zhang, stay, "B1")).err_code(), "FSI_VISIT_KIND_MISMATCH");
  EXPECT_EQ(call("2206", settle_input(zhang, "310", stay, "B1", "0.00")).err_code(), "FSI_VISIT_KIND_MISMATCH");
}

TEST_F(SettlementApi, AnInpatientRefundLineTakesQuantityBackFromItsOriginalBeforeSettlement) {
  const auto& zhang = people_["张建国"];
  auto adm = call("2401", R"({"mdtrtinfo":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-20 08:00:00",)" +
                              cert("02", zhang.id_number) +
                              R"(,"med_type":"21","ipt_no":"IP-3001","atddr_no":"D002","chfpdr_name":"李医生","adm_diag_dscr":"肺炎",)"
                              R"("adm_dept_codg":"K01","adm_dept_name":"内科","adm_bed":"8","dscg_maindiag_code":"J18.900","dscg_maindiag_name":"肺炎"},"diseinfo":[]})");
  ASSERT_EQ(adm.infcode(), 0) << adm.http.body;
  const std::string mdtrt(adm.output().at("result").at("mdtrt_id").as_string());
  // A 2301 line; with `init` it is a refund (negative cnt) of that earlier detail.
  auto up = [&](const std::string& sn, const std::string& amt, const std::string& cnt, const std::string& init = "") {
    std::string f = fee(zhang, mdtrt, sn, "", "110900001a", amt, cnt, "50.00");
    f.replace(f.find(R"("chrg_bchno":"",)"), 16, init.empty() ? "" : R"("init_feedetl_sn":")" + init + R"(",)");
    return call("2301", R"({"feedetail":[)" + f + "]}");
  };
  auto pre = [&](const std::string& sum) {
    return call("2303", R"({"data":{"psn_no":")" + zhang.psn_no + R"(",)" + cert("02", zhang.id_number) +
                            R"(,"medfee_sumamt":)" + sum + R"(,"psn_setlway":"01","mdtrt_id":")" + mdtrt +
                            R"(","insutype":"310","acct_used_flag":"0","mid_setl_flag":"0","med_type":"21"}})");
  };
  ASSERT_EQ(up("1", "150.00", "3").infcode(), 0);

  auto refund = up("2", "-50.00", "-1", "1");
  ASSERT_EQ(refund.infcode(), 0) << refund.http.body;
  EXPECT_NE(refund.raw_output.find("\"det_item_fee_sumamt\":-50.00"), std::string::npos) << refund.raw_output;
  EXPECT_NE(refund.raw_output.find("\"cnt\":-1.0000"), std::string::npos) << refund.raw_output;
  EXPECT_NE(refund.raw_output.find("冲销原明细 1"), std::string::npos) << refund.raw_output;
  // The visit now totals 100.00: settling the old 150.00 is refused.
  EXPECT_EQ(pre("150.00").err_code(), "FSI_SUMAMT_MISMATCH");
  EXPECT_EQ(pre("100.00").infcode(), 0);

  // Refusals change nothing: more than is left, no original, no serial, a reused serial, outpatient.
  EXPECT_EQ(up("3", "-150.00", "-3", "1").err_code(), "FSI_REFUND_INVALID");
  EXPECT_EQ(up("3", "-50.00", "-1", "9").err_code(), "FSI_REFUND_INVALID");
  EXPECT_EQ(up("3", "-50.00", "-1").err_code(), "FIELD_MISSING");
  EXPECT_EQ(up("2", "-50.00", "-1", "1").err_code(), "FSI_FEE_DUPLICATE");
  EXPECT_EQ(pre("100.00").infcode(), 0);

  // Taking back the rest leaves nothing to settle.
  ASSERT_EQ(up("3", "-100.00", "-2", "1").infcode(), 0);
  EXPECT_EQ(pre("0.00").err_code(), "FSI_NOTHING_TO_SETTLE");
  EXPECT_EQ(up("4", "-50.00", "-1", "1").err_code(), "FSI_REFUND_INVALID");
}

TEST_F(SettlementApi, PharmacyPresettlesSettlesAndReverses) {
  const auto& wang = people_["王芳"];  // 职工, insured in 上海 310104 — but the pharmacy is in 北京
  const auto& zhang = people_["张建国"];
  const auto input = drug_purchase;
  EXPECT_EQ(call("2101", input(wang, "310"), "", "310104", "P11010500003").err_code(), "REMOTE_FILING_REQUIRED");
  auto pre = call("2101", input(zhang, "310"), "", "110105", "P11010500003");
  ASSERT_EQ(pre.infcode(), 0) << pre.http.body;
  EXPECT_EQ(pre.output().at("detlcutinfo").as_array().size(), 2u);
  auto paid = call("2102", input(zhang, "310"), "", "110105", "P11010500003");
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  // 布洛芬 (甲, in the account scope) from the account; the 保健 vitamins (丙, outside) in cash.
  EXPECT_NE(paid.raw_output.find("\"acct_pay\":6.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"psn_cash_pay\":20.00"), std::string::npos) << paid.raw_output;
  const auto& s = paid.output().at("setlinfo").as_object();
  auto rev = call("2103", R"({"data":{"setl_id":")" + std::string(s.at("setl_id").as_string()) + R"(","mdtrt_id":")" +
                              std::string(s.at("mdtrt_id").as_string()) + R"(","psn_no":")" + zhang.psn_no + R"("}})",
                  "", "110105", "P11010500003");
  ASSERT_EQ(rev.infcode(), 0) << rev.http.body;
  EXPECT_NE(rev.raw_output.find("\"cash_payamt\":-20.00"), std::string::npos) << rev.raw_output;
  EXPECT_NE(rev.raw_output.find("\"psn_pay\":-26.00"), std::string::npos) << rev.raw_output;
}

TEST_F(SettlementApi, ACrossProvinceVisitIsRefusedWithoutFilingAndSettledWithIt) {
  const auto& wang = people_["王芳"];  // current enrolment: 职工 in 上海 310104; the hospital is in 北京 110105
  auto refused = call("2201", R"({"data":{"psn_no":")" + wang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)" +
                                  cert("02", wang.id_number) +
                                  R"(,"ipt_otp_no":"OP-3001","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                      "", "310104");
  EXPECT_EQ(refused.infcode(), -1);
  EXPECT_EQ(refused.err_code(), "REMOTE_FILING_REQUIRED");
  EXPECT_NE(std::string(refused.body.at("err_msg").as_string()).find("请先办理异地就医备案"), std::string::npos);

  // She files 临时外出就医 to 北京 in the app.
  HttpRequest login;
  login.method = "POST";
  login.target = "/api/v1/sessions";
  login.body = R"({"method":"account","phone":"13800000003","password":"Demo2026yb"})";
  login.headers = {{"X-Channel", "app"}, {"Content-Type", "application/json"}};
  auto session = http_call(port(), login);
  ASSERT_EQ(session.status, 201u) << session.body;
  const std::string token(json::parse(session.body).at("token").as_string());
  HttpRequest file;
  file.method = "POST";
  file.target = "/api/v1/me/remote-filings";
  file.body = R"({"filing_type":"temporary","dest_admdvs":"110000","valid_from":"2026-01-01","valid_to":"2099-12-31"})";
  file.headers = {{"X-Channel", "app"}, {"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
  auto filed = http_call(port(), file);
  ASSERT_EQ(filed.status, 201u) << filed.body;

  const auto mdtrt = register_visit(wang, "310", "OP-3001", "310104");
  ASSERT_FALSE(mdtrt.empty());
  auto diagnosed = call("2203", R"({"mdtrtinfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + wang.psn_no +
                                    R"(","med_type":"11","begntime":"2026-11-23 09:30:00"},"diseinfo":[)"
                                    R"({"diag_type":"1","diag_srt_no":2,"diag_code":"R50.900","diag_name":"发热","diag_dept":"内科","dise_dor_no":"D001","dise_dor_name":"王医生","diag_time":"2026-11-23 09:35:00","vali_flag":"1"},)"
                                    R"({"diag_type":"1","diag_srt_no":1,"diag_code":"J06.900","diag_name":"上呼吸道感染","diag_dept":"内科","dise_dor_no":"D001","dise_dor_name":"王医生","diag_time":"2026-11-23 09:35:00","vali_flag":"1"}]})",
                        "", "310104");
  ASSERT_EQ(diagnosed.infcode(), 0) << diagnosed.http.body;
  auto up = call("2204", basket(wang, mdtrt, "B1"), "", "310104");
  ASSERT_EQ(up.infcode(), 0) << up.http.body;
  auto paid = call("2207", settle_input(wang, "310", mdtrt, "B1", "124.30"), "", "310104");
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  // The insured place's (上海, 职工) deductible and ratio; cleared by the insured place.
  EXPECT_NE(paid.raw_output.find("\"clr_optins\":\"310104\""), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"act_pay_dedc\":110.00"), std::string::npos) << paid.raw_output;

  // Her spending page shows it.
  HttpRequest spending;
  spending.target = "/api/v1/me/spending";  // this year
  spending.headers = {{"Authorization", "Bearer " + token}};
  auto page = http_call(port(), spending);
  ASSERT_EQ(page.status, 200u) << page.body;
  auto body = json::parse(page.body).as_object();
  EXPECT_EQ(body.at("totals").at("medfee_sumamt").as_string(), "124.30");
  ASSERT_EQ(body.at("settlements").as_array().size(), 1u);
  const auto& item = body.at("settlements").at(0);
  EXPECT_EQ(item.at("visit_kind").as_string(), "outpatient");
  EXPECT_EQ(item.at("diagnosis").as_string(), "上呼吸道感染");  // the first-ranked of the two
}

TEST_F(SettlementApi, EveryMalformedOrUnauthenticatedCallIsRefusedAndChangesNothing) {
  auto unknown = call("9999", "{}");
  EXPECT_EQ(unknown.infcode(), -1);
  EXPECT_EQ(unknown.err_code(), "FSI_INFNO_UNSUPPORTED");
  EXPECT_NE(std::string(unknown.body.at("err_msg").as_string()).find("不支持的交易编号"), std::string::npos);

  const auto& zhang = people_["张建国"];
  auto missing = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"("}})");
  EXPECT_EQ(missing.err_code(), "FIELD_MISSING");
  EXPECT_EQ(missing.body.at("err_field").as_string(), "data.insutype");
  auto wrong_type = call("2201", R"({"data":{"psn_no":123}})");
  EXPECT_EQ(wrong_type.err_code(), "FIELD_INVALID");
  auto amount_type = call("2206", settle_input(zhang, "310", "X", "B1", "true"));
  EXPECT_EQ(amount_type.err_code(), "FIELD_INVALID");
  auto third_decimal = call("2206", settle_input(zhang, "310", "X", "B1", "1.005"));
  EXPECT_EQ(third_decimal.err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("2207", settle_input(zhang, "310", "NO-SUCH-VISIT", "B1", "1.00")).err_code(), "FSI_VISIT_NOT_FOUND");
  EXPECT_EQ(call("1101", R"({"data":{)" + cert("01", "110105notarealtoken") + R"(,"psn_cert_type":"01"}})", "", "").err_code(),
            "FSI_CERT_INVALID");
  auto insuplc = call("2201", R"({"data":{}})", "", "");
  EXPECT_EQ(insuplc.err_code(), "FIELD_MISSING");

  // Another institution's code in the envelope.
  auto other = signed_post("/fsi/api/callService", envelope("9001", R"({"signIn":{"opter_no":"1","ip":"1"}})", "M1", "",
                                                            "P11010500003"),
                           "H11010500001");
  EXPECT_EQ(json::parse(other.body).at("err_code").as_string(), "FSI_INSTITUTION_MISMATCH");

  // Stale timestamp and a reused nonce: 401.
  const std::string body = envelope("9001", R"({"signIn":{"opter_no":"1","ip":"1"}})", "M2", "");
  auto stale = signed_post("/fsi/api/callService", body, "H11010500001", std::to_string(std::time(nullptr) - 3600));
  EXPECT_EQ(stale.status, 401u);
  EXPECT_EQ(json::parse(stale.body).at("err_code").as_string(), "INSTITUTION_TIMESTAMP_STALE");
  const std::string nonce = unique_name("once");
  EXPECT_EQ(signed_post("/fsi/api/callService", body, "H11010500001", "", nonce).status, 200u);
  auto reused = signed_post("/fsi/api/callService", body, "H11010500001", "", nonce);
  EXPECT_EQ(reused.status, 401u);
  EXPECT_EQ(json::parse(reused.body).at("err_code").as_string(), "INSTITUTION_NONCE_REUSED");
  HttpRequest unsigned_req;
  unsigned_req.method = "POST";
  unsigned_req.target = "/fsi/api/callService";
  unsigned_req.body = body;
  auto unsigned_call = http_call(port(), unsigned_req);
  EXPECT_EQ(unsigned_call.status, 401u);
  EXPECT_EQ(json::parse(unsigned_call.body).at("infcode").as_int64(), -1);
}

TEST_F(SettlementApi, EveryAnswerSpendsItsNonceOnceWhetherTheCallWroteReadOrWasRefused) {
  const auto& zhang = people_["张建国"];
  const auto replayed = [&](const std::string& body) {
    const std::string nonce = unique_name("replay");
    const auto first = signed_post("/fsi/api/callService", body, "H11010500001", "", nonce);
    const auto again = signed_post("/fsi/api/callService", body, "H11010500001", "", nonce);
    EXPECT_EQ(again.status, 401u) << again.body;
    EXPECT_EQ(json::parse(again.body).at("err_code").as_string(), "INSTITUTION_NONCE_REUSED") << again.body;
    return json::parse(first.body);
  };
  // A write: the nonce is spent in 2201's own transaction; the replay registers nothing (it
  // would otherwise be refused as FSI_VISIT_DUPLICATE).
  const auto opened = replayed(envelope("2201", R"({"data":{"psn_no":")" + zhang.psn_no +
                                                    R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)" +
                                                    cert("02", zhang.id_number) +
                                                    R"(,"ipt_otp_no":"OP-NONCE","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                                        next_msgid("H11010500001")));
  ASSERT_EQ(opened.at("infcode").as_int64(), 0) << opened;
  const std::string mdtrt(opened.at("output").at("data").at("mdtrt_id").as_string());
  // A read (2206 pre-settlement) and refusals (no details; an unknown visit; a broken envelope).
  EXPECT_EQ(replayed(envelope("2206", settle_input(zhang, "310", mdtrt, "B1", "0.00"), next_msgid("H11010500001")))
                .at("err_code")
                .as_string(),
            "FSI_NOTHING_TO_SETTLE");
  EXPECT_EQ(replayed(envelope("2207", settle_input(zhang, "310", "NO-SUCH-VISIT", "B1", "1.00"), next_msgid("H11010500001")))
                .at("err_code")
                .as_string(),
            "FSI_VISIT_NOT_FOUND");
  EXPECT_EQ(replayed("{not json").at("infcode").as_int64(), -1);
}

TEST_F(SettlementApi, ADecodedCodePaysOnceThroughItsEcToken) {
  const auto& zhang = people_["张建国"];
  HttpRequest login;
  login.method = "POST";
  login.target = "/api/v1/sessions";
  login.body = R"({"method":"account","phone":"13800000001","password":"Demo2026yb"})";
  login.headers = {{"X-Channel", "app"}, {"Content-Type", "application/json"}};
  const std::string token(json::parse(http_call(port(), login).body).at("token").as_string());
  HttpRequest code;
  code.method = "POST";
  code.target = "/api/v1/me/code";
  code.body = "{}";
  code.headers = {{"X-Channel", "app"}, {"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
  auto issued = http_call(port(), code);
  ASSERT_EQ(issued.status, 201u) << issued.body;
  const std::string qr(json::parse(issued.body).at("token").as_string());
  const std::string decode_body = R"({"orgId":"H11010500001","transType":"ec.query","data":{"ecQrCode":")" + qr +
                                  R"(","businessType":"01301","operatorId":"D001","operatorName":"王医生"}})";
  auto decoded = signed_post("/localcfc/api/hsecfc/localQrCodeQuery", decode_body, "H11010500001");
  ASSERT_EQ(decoded.status, 200u) << decoded.body;
  const auto data = json::parse(json::parse(decoded.body).at("data").as_string()).as_object();
  const std::string ec(data.at("ecToken").as_string());

  auto who = call("1101", R"({"data":{)" + cert("01", ec) + R"(,"psn_cert_type":"01"}})", "", "");
  ASSERT_EQ(who.infcode(), 0) << who.http.body;
  EXPECT_EQ(who.output().at("baseinfo").at("psn_no").as_string(), zhang.psn_no);
  // Another institution cannot use this institution's ecToken.
  EXPECT_EQ(call("1101", R"({"data":{)" + cert("01", ec) + R"(,"psn_cert_type":"01"}})", "", "", "P11010500003").err_code(),
            "FSI_CERT_INVALID");

  const auto mdtrt = register_visit(zhang, "310", "OP-4001");
  ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
  ASSERT_EQ(call("2204", R"({"feedetail":[)" + fee(zhang, mdtrt, "9", "B2", "250101015", "25.00", "1", "25.00") + "]}").infcode(), 0);
  auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30", "01", ec));
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  EXPECT_NE(paid.raw_output.find("\"mdtrt_cert_type\":\"01\""), std::string::npos);
  // The code token is consumed: it cannot pay a second batch.
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B2", "25.00", "01", ec)).err_code(), "QR_CONSUMED");
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B2", "25.00")).infcode(), 0);
}

TEST_F(SettlementApi, AgencyStaffFileAndCancelForPersonsOfTheirRegionOnly) {
  const auto& wang = people_["赵敏"];  // 职工, insured only in 上海 310104
  const std::string base = "/api/agency/v1/persons/" + wang.psn_no + "/remote-filings";
  const std::string body = R"({"filing_type":"referral","dest_admdvs":"110105","valid_from":"2026-01-01","valid_to":"2099-12-31"})";
  EXPECT_EQ(staff_send("POST", base, staff_login("sz_agent"), body).status, 403u);
  const auto sh = staff_login("sh_agent");
  auto filed = staff_send("POST", base, sh, body);
  ASSERT_EQ(filed.status, 201u) << filed.body;
  const auto id = json::parse(filed.body).at("id").as_int64();
  auto listed = json::parse(staff_send("GET", base, sh).body).at("items").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("recorded_by_kind").as_string(), "staff");
  EXPECT_EQ(listed[0].at("dest_name").as_string(), "北京市朝阳区");

  // With the staff's filing, 赵敏 registers at the Beijing hospital; after the cancellation she cannot.
  EXPECT_FALSE(register_visit(wang, "310", "OP-5001", "310104").empty());
  ASSERT_EQ(staff_send("DELETE", base + "/" + std::to_string(id), sh).status, 200u);
  EXPECT_EQ(staff_send("DELETE", base + "/" + std::to_string(id), sh).status, 404u);
  auto refused = call("2201", R"({"data":{"psn_no":")" + wang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)" +
                                  cert("02", wang.id_number) +
                                  R"(,"ipt_otp_no":"OP-5002","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                      "", "310104");
  EXPECT_EQ(refused.err_code(), "REMOTE_FILING_REQUIRED");
}


TEST_F(SettlementApi, AgencyStaffSeeTheSettlementsOfPersonsOfTheirRegionOnly) {
  const auto& zhang = people_["张建国"];  // insured in 北京 110105
  const auto mdtrt = register_visit(zhang, "310", "OP-6001");
  ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
  auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"));
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const std::string setl_id(paid.output().at("setlinfo").at("setl_id").as_string());

  const std::string base = "/api/agency/v1/persons/" + zhang.psn_no + "/spending";
  const auto bj = staff_login("bj_agent");
  const auto looks_before = audit_rows("bj_agent", "person_viewed", "spending");
  auto page = staff_send("GET", base, bj);  // this year
  ASSERT_EQ(page.status, 200u) << page.body;
  // Settlements carry diagnoses: the look is audited as what it was.
  EXPECT_EQ(audit_rows("bj_agent", "person_viewed", "spending"), looks_before + 1);
  const auto body = json::parse(page.body).as_object();
  const json::object* found = nullptr;
  for (const auto& item : body.at("settlements").as_array()) {
    if (item.at("setl_id").as_string() == setl_id) found = &item.as_object();
  }
  ASSERT_NE(found, nullptr) << page.body;
  EXPECT_EQ(found->at("medfee_sumamt").as_string(), "124.30");
  EXPECT_EQ(found->at("visit_kind").as_string(), "outpatient");

  // Staff of another region, an unknown person and a malformed year are refused.
  auto other = staff_send("GET", base, staff_login("sz_agent"));
  EXPECT_EQ(other.status, 403u) << other.body;
  EXPECT_EQ(audit_rows("sz_agent", "person_viewed", "spending"), 0);
  auto unknown = staff_send("GET", "/api/agency/v1/persons/110105999999999999/spending", bj);
  EXPECT_EQ(unknown.status, 404u) << unknown.body;
  auto year = staff_send("GET", base + "?year=26", bj);
  EXPECT_EQ(year.status, 400u) << year.body;
  EXPECT_EQ(json::parse(year.body).at("error").at("code").as_string(), "FIELD_INVALID");
  EXPECT_EQ(staff_send("GET", base, "not-a-session").status, 401u);
}

// ---- 2601 冲正: a HIS that lost an answer undoes the transaction by the msgid it sent ----

class CorrectionApi : public SettlementApi {
 protected:
  static std::int64_t own_balance(const DemoPerson& p) {
    return read_store([&](store::Tx& tx) {
      const auto person = store::PeopleRepo::insured_by_psn_no(tx, p.psn_no);
      const auto b = services::personal_balances(tx, person->person.id);
      return b.current + b.prior;
    });
  }
  static Answer correct(const DemoPerson& p, const std::string& omsgid, const std::string& oinfno,
                        const std::string& msgid = "") {
    return call("2601", R"({"data":{"psn_no":")" + p.psn_no + R"(","omsgid":")" + omsgid + R"(","oinfno":")" + oinfno +
                            R"("}})", msgid);
  }
  static bool audit_clean() {
    return read_store([](store::Tx& tx) { return store::LedgerRepo::audit(tx).clean(); });
  }
};

TEST_F(CorrectionApi, ALostSettlementAnswerIsUndoneByItsMsgidAndALateOriginalIsRefused) {
  const auto& zhang = people_["张建国"];
  const auto before = own_balance(zhang);
  const auto mdtrt = register_visit(zhang, "310", "OP-2601-A");
  ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
  const std::string lost = next_msgid("H11010500001");
  ASSERT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"), lost).infcode(), 0);
  EXPECT_EQ(own_balance(zhang), before - 11000) << "the settlement committed; its answer is what got lost";

  const std::string corr_msgid = next_msgid("H11010500001");
  auto undone = correct(zhang, lost, "2207", corr_msgid);
  ASSERT_EQ(undone.infcode(), 0) << undone.http.body;
  const auto& info = undone.output().at("corrinfo").as_object();
  EXPECT_EQ(info.at("crt_rslt").as_string(), "1");
  EXPECT_EQ(info.at("omsgid").as_string(), lost);
  EXPECT_FALSE(info.at("setl_id").as_string().empty());
  EXPECT_EQ(info.at("mdtrt_id").as_string(), mdtrt);
  EXPECT_EQ(own_balance(zhang), before) << "every fen back";
  EXPECT_EQ(correct(zhang, lost, "2207", corr_msgid).raw_output, undone.raw_output) << "2601 is idempotent by its msgid";
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"), lost).err_code(), "FSI_MSGID_CORRECTED")
      << "a retry of the corrected original does not answer the old settlement";
  auto again = correct(zhang, lost, "2207");
  EXPECT_EQ(again.infcode(), 0);
  EXPECT_EQ(again.output().at("corrinfo").at("crt_rslt").as_string(), "0") << "nothing left to undo";
  EXPECT_EQ(own_balance(zhang), before);

  // An answer lost before the request ever arrived: 2601 finds nothing, says so, and the
  // original arriving late is refused and moves nothing.
  const std::string never = next_msgid("H11010500001");
  auto nothing = correct(zhang, never, "2207");
  ASSERT_EQ(nothing.infcode(), 0) << nothing.http.body;
  EXPECT_EQ(nothing.output().at("corrinfo").at("crt_rslt").as_string(), "0");
  EXPECT_NE(std::string(nothing.output().at("corrinfo").at("memo").as_string()).find("未做任何处理"), std::string::npos);
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"), never).err_code(), "FSI_MSGID_CORRECTED");
  EXPECT_EQ(own_balance(zhang), before);
  EXPECT_TRUE(audit_clean());
}

TEST_F(CorrectionApi, ALostReversalAnswerIsUndoneAndTheSettlementStandsAgain) {
  const auto& zhang = people_["张建国"];
  const auto before = own_balance(zhang);
  const auto mdtrt = register_visit(zhang, "310", "OP-2601-B");
  ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
  auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"));
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const std::string setl_id(paid.output().at("setlinfo").at("setl_id").as_string());
  const std::string rev_input =
      R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"("}})";
  const std::string lost_reversal = next_msgid("H11010500001");
  ASSERT_EQ(call("2208", rev_input, lost_reversal).infcode(), 0);
  EXPECT_EQ(own_balance(zhang), before);

  auto undone = correct(zhang, lost_reversal, "2208");
  ASSERT_EQ(undone.infcode(), 0) << undone.http.body;
  EXPECT_EQ(undone.output().at("corrinfo").at("crt_rslt").as_string(), "1");
  EXPECT_EQ(undone.output().at("corrinfo").at("setl_id").as_string(), setl_id) << "the original settlement stands";
  EXPECT_EQ(own_balance(zhang), before - 11000) << "paid again exactly as it first paid";
  EXPECT_EQ(call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30")).err_code(), "FSI_ALREADY_SETTLED");
  // It can be reversed for real afterwards, with a new msgid.
  ASSERT_EQ(call("2208", rev_input).infcode(), 0);
  EXPECT_EQ(own_balance(zhang), before);
  EXPECT_TRUE(audit_clean());
}

TEST_F(CorrectionApi, ARegistrationIsCancelledAndEveryRefusalChangesNothing) {
  const auto& zhang = people_["张建国"];
  const std::string reg_msgid = next_msgid("H11010500001");
  auto reg = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)" +
                              cert("02", zhang.id_number) + R"(,"ipt_otp_no":"OP-2601-C","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                  reg_msgid);
  ASSERT_EQ(reg.infcode(), 0) << reg.http.body;
  const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
  EXPECT_EQ(call("2601", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","omsgid":")" + reg_msgid + R"(","oinfno":"2207"}})")
                .err_code(),
            "FSI_CORRECTION_INFNO_MISMATCH");
  EXPECT_EQ(correct(zhang, reg_msgid, "2203").err_code(), "FSI_CORRECTION_UNSUPPORTED");
  EXPECT_EQ(correct(people_["王芳"], reg_msgid, "2201").err_code(), "FSI_CORRECTION_PERSON_MISMATCH");
  EXPECT_EQ(call("2601", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","omsgid":"","oinfno":"2201"}})").err_code(),
            "FIELD_MISSING");
  // None of them touched the registration: its retry still answers the same visit.
  auto retry = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)" +
                                cert("02", zhang.id_number) + R"(,"ipt_otp_no":"OP-2601-C","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
                    reg_msgid);
  ASSERT_EQ(retry.infcode(), 0) << retry.http.body;
  EXPECT_EQ(retry.output().at("data").at("mdtrt_id").as_string(), mdtrt) << "a lost 2201 answer is recovered by its retry";

  auto undone = correct(zhang, reg_msgid, "2201");
  ASSERT_EQ(undone.infcode(), 0) << undone.http.body;
  EXPECT_EQ(undone.output().at("corrinfo").at("crt_rslt").as_string(), "1");
  EXPECT_EQ(call("2204", basket(zhang, mdtrt, "B1")).err_code(), "FSI_VISIT_CLOSED");
}

}  // namespace
}  // namespace yibao::testing

namespace yibao::testing {
namespace {

// Issue 15: what real HIS systems send. Empty strings for optional fields, keys yibao does not
// know, their own infver and recer_sys_code.
TEST_F(SettlementApi, A1101AsARealHisSendsItIsAnsweredNormally) {
  const auto& zhang = people_["张建国"];
  const std::string body =
      R"({"infno":"1101","msgid":")" + next_msgid("H11010500001") +
      R"(","mdtrtarea_admvs":"110105","insuplc_admdvs":"","recer_sys_code":"mbs","dev_no":"","dev_safe_info":"",)"
      R"("cainfo":"","signtype":"","infver":"1.0","opter_type":"1","opter":"D001","opter_name":"王医生",)"
      R"("inf_time":"2026-11-23 10:00:00","fixmedins_code":"H11010500001","fixmedins_name":"演示医院","sign_no":"",)"
      R"("serv_code":"","serv_sign":"","input":{"data":{"mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number +
      R"(","card_sn":"","begntime":"","psn_cert_type":"","certno":"","psn_name":"","mdtrt_cert_type3":"02"}}})";
  auto p = send(body);
  ASSERT_EQ(p.infcode(), 0) << p.http.body;
  EXPECT_EQ(p.output().at("baseinfo").at("psn_no").as_string(), zhang.psn_no);
  EXPECT_EQ(p.output().at("insuinfo").as_array()[0].at("insutype").as_string(), "310");
  EXPECT_TRUE(p.body.at("warn_msg").is_null());
}

TEST_F(SettlementApi, A1101WithAWrongCheckDigitSaysSoInChinese) {
  const auto& zhang = people_["张建国"];
  std::string wrong = zhang.id_number;
  wrong.back() = wrong.back() == '1' ? '2' : '1';
  auto p = call("1101", R"({"data":{)" + cert("02", wrong) + R"(,"psn_cert_type":"01"}})", "", "");
  EXPECT_EQ(p.err_code(), "ID_NUMBER_CHECKSUM") << p.http.body;
  const std::string msg(p.body.at("err_msg").as_string());
  EXPECT_EQ(msg.rfind("身份证号码校验位不正确：就诊凭证编号（mdtrt_cert_no）", 0), 0u) << msg;
  EXPECT_EQ(p.body.at("err_field").as_string(), "mdtrt_cert_no");
  // A card (03) number is an ID number in this version: checked the same way.
  auto card = call("1101", R"({"data":{)" + cert("03", wrong) + R"(,"card_sn":"A1B2C3"}})", "", "");
  EXPECT_EQ(card.err_code(), "ID_NUMBER_CHECKSUM") << card.http.body;
  // A missing mandatory field is named in Chinese; err_field stays the path.
  auto missing = call("1101", R"({"data":{"mdtrt_cert_type":"02","mdtrt_cert_no":""}})", "", "");
  EXPECT_EQ(missing.err_code(), "FIELD_MISSING");
  EXPECT_EQ(missing.body.at("err_field").as_string(), "data.mdtrt_cert_no");
  EXPECT_EQ(std::string(missing.body.at("err_msg").as_string()).rfind("缺少必填项：就诊凭证编号（data.mdtrt_cert_no）", 0), 0u)
      << missing.http.body;
}

TEST_F(SettlementApi, InpatientSettlementsWithoutMedTypeSettleAsTheStaysOwn) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = admit(zhang, "IP-HIS-1");
  ASSERT_FALSE(mdtrt.empty());
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "1", "210102015", "90.00", "1", "90.00").infcode(), 0);
  // The national 2303/2304 input carries no med_type; psn_setlway "" is absent, not wrong.
  const std::string input = R"({"data":{"psn_no":")" + zhang.psn_no + R"(",)" + cert("02", zhang.id_number) +
                            R"(,"medfee_sumamt":90.00,"psn_setlway":"","mdtrt_id":")" + mdtrt +
                            R"(","insutype":"310","acct_used_flag":"0","invono":"","mid_setl_flag":"0","dscgTime":""}})";
  auto pre = call("2303", input);
  ASSERT_EQ(pre.infcode(), 0) << pre.http.body;
  EXPECT_EQ(pre.output().at("setlinfo").at("med_type").as_string(), "21");
  auto paid = call("2304", input);
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  EXPECT_EQ(paid.output().at("setlinfo").at("med_type").as_string(), "21");
  EXPECT_FALSE(paid.output().at("setlinfo").at("setl_id").as_string().empty());
  // A code that is sent must still be a code.
  auto bad = call("2303", R"({"data":{"psn_no":")" + zhang.psn_no + R"(",)" + cert("02", zhang.id_number) +
                              R"(,"medfee_sumamt":90.00,"psn_setlway":"99","mdtrt_id":")" + mdtrt +
                              R"(","insutype":"310","acct_used_flag":"0","mid_setl_flag":"0"}})");
  EXPECT_EQ(bad.err_code(), "FIELD_INVALID");
  EXPECT_EQ(bad.body.at("err_field").as_string(), "data.psn_setlway");
}

TEST_F(SettlementApi, AnAuthoriserBoundAfterAdmissionIsToldInWarnMsgAndTheMemoAndReplayed) {
  const auto& wife = people_["李秀英"];
  const auto& zhang = people_["张建国"];
  // 张建国 authorises his wife on 2026-11-25, after her admission on 2026-11-20 (written into the
  // store directly: the demo region's 30 waiting days would make an authorisation of today not
  // yet effective, a different cause).
  write_store([&](store::Tx& tx) {
    store::AuthorisationRow row;
    row.authoriser_person_id = store::PeopleRepo::insured_by_psn_no(tx, zhang.psn_no)->person.id;
    row.beneficiary_person_id = store::PeopleRepo::insured_by_psn_no(tx, wife.psn_no)->person.id;
    row.relation = "spouse";
    row.effective_from = "2026-11-25";
    row.created_at_us = 1;
    return store::MutualAidRepo::insert(tx, row);
  });
  auto adm = call("2401", R"({"mdtrtinfo":{"psn_no":")" + wife.psn_no + R"(","insutype":"390","begntime":"2026-11-20 08:00:00",)" +
                              cert("02", wife.id_number) +
                              R"(,"med_type":"21","ipt_no":"IP-AID-1","atddr_no":"","chfpdr_name":"","adm_diag_dscr":"",)"
                              R"("adm_dept_codg":"","adm_dept_name":"","adm_bed":"","dscg_maindiag_code":"","dscg_maindiag_name":""},"diseinfo":[]})");
  ASSERT_EQ(adm.infcode(), 0) << adm.http.body;
  const std::string mdtrt(adm.output().at("result").at("mdtrt_id").as_string());
  ASSERT_EQ(inpatient_fee(wife, mdtrt, "1", "XJ01CAA040A001010100001", "20.00", "20", "1.00").infcode(), 0);
  const std::string input = R"({"data":{"psn_no":")" + wife.psn_no + R"(",)" + cert("02", wife.id_number) +
                            R"(,"medfee_sumamt":20.00,"psn_setlway":"01","mdtrt_id":")" + mdtrt +
                            R"(","insutype":"390","acct_used_flag":"1","mid_setl_flag":"0"}})";
  auto pre = call("2303", input);
  ASSERT_EQ(pre.infcode(), 0) << pre.http.body;
  ASSERT_TRUE(pre.body.at("warn_msg").is_string()) << pre.http.body;
  const std::string warn(pre.body.at("warn_msg").as_string());
  EXPECT_EQ(warn.rfind("家庭共济未支付：未在入院前绑定家庭共济（共济自 2026-11-25 起生效，入院日期 2026-11-20）", 0), 0u) << warn;

  const std::string msgid = next_msgid("H11010500001");
  auto paid = call("2304", input, msgid);
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  EXPECT_NE(paid.raw_output.find("\"acct_mulaid_pay\":0.00"), std::string::npos) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"psn_cash_pay\":20.00"), std::string::npos) << paid.raw_output;
  EXPECT_EQ(paid.body.at("warn_msg").as_string(), warn);
  bool memo = false;
  for (const auto& d : paid.output().at("setldetail").as_array()) {
    if (d.at("fund_pay_type_name").as_string() != "个人账户共济支付") continue;
    memo = true;
    EXPECT_EQ(d.at("fund_pay_type").as_string(), "");
    EXPECT_EQ(d.at("setl_proc_info").as_string(), warn);
  }
  EXPECT_TRUE(memo) << paid.raw_output;
  EXPECT_NE(paid.raw_output.find("\"fund_payamt\":0.00,\"fund_pay_type_name\":\"个人账户共济支付\""), std::string::npos)
      << paid.raw_output;

  // The replay carries the same output byte for byte, and so the same warn_msg.
  auto replay = call("2304", input, msgid);
  ASSERT_EQ(replay.infcode(), 0) << replay.http.body;
  EXPECT_EQ(replay.raw_output, paid.raw_output);
  EXPECT_EQ(replay.body.at("warn_msg").as_string(), warn);
}

// ---- 3201 对总账: the evening totals of a day ----

class ReconciliationApi : public CorrectionApi {
 protected:
  static std::string today() { return core::format_date(core::shanghai_date(std::chrono::system_clock::now())); }
  static std::string totals_input(const std::string& medfee, const std::string& fund, const std::string& acct,
                                  const std::string& count, const std::string& begin = "", const std::string& end = "",
                                  const std::string& refd = "0") {
    return R"({"data":{"insutype":"310","clr_type":"11","setl_optins":"110105","stmt_begndate":")" +
           (begin.empty() ? today() : begin) + R"(","stmt_enddate":")" + (end.empty() ? today() : end) +
           R"(","medfee_sumamt":)" + medfee + R"(,"fund_pay_sumamt":)" + fund + R"(,"acct_pay":)" + acct +
           R"(,"fixmedins_setl_cnt":)" + count + R"(,"refd_setl_flag":")" + refd + R"("}})";
  }
  // The platform's side of today's totals, read from a 3201 that cannot balance.
  static domain::ReconTotals platform_totals(const std::string& refd = "0") {
    auto a = call("3201", totals_input("0", "0", "0", "999999", "", "", refd), "", "");
    EXPECT_EQ(a.infcode(), 0) << a.http.body;
    const auto& info = a.output().at("stmtinfo").as_object();
    auto fen = [&](const char* field) -> std::int64_t {
      auto m = core::Money::parse(std::string(fsi_number(a.raw_output, field)));
      EXPECT_TRUE(m.ok()) << field << " in " << a.raw_output;
      return m.ok() ? m->fen() : 0;
    };
    return {fen("medfee_sumamt"), fen("fund_pay_sumamt"), fen("acct_pay"), info.at("fixmedins_setl_cnt").as_int64()};
  }
  // The literal digits of a number field in the raw output ("medfee_sumamt":124.30 → "124.30").
  static std::string_view fsi_number(const std::string& raw, const std::string& field) {
    const std::string key = "\"" + field + "\":";
    const auto at = raw.find(key);
    if (at == std::string::npos) return {};
    const auto from = at + key.size();
    const auto to = raw.find_first_of(",}", from);
    return std::string_view(raw).substr(from, to - from);
  }
  static std::string yuan(std::int64_t fen) { return core::Money::from_fen(fen).to_string(); }
};

TEST_F(ReconciliationApi, TheDaysTotalsBalanceNetOfReversalsAndAnyDifferenceIsNamed) {
  const auto& zhang = people_["张建国"];
  const auto before = platform_totals();
  const auto reversals_before = platform_totals("1");
  std::vector<std::string> setl_ids;
  for (const char* no : {"OP-3201-1", "OP-3201-2"}) {
    const auto mdtrt = register_visit(zhang, "310", no);
    ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
    auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"));
    ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
    setl_ids.push_back(std::string(paid.output().at("setlinfo").at("setl_id").as_string()) + "|" + mdtrt);
  }
  const auto bar = setl_ids[1].find('|');
  ASSERT_EQ(call("2208", R"({"data":{"setl_id":")" + setl_ids[1].substr(0, bar) + R"(","mdtrt_id":")" +
                             setl_ids[1].substr(bar + 1) + R"(","psn_no":")" + zhang.psn_no + R"("}})").infcode(), 0);
  // Two settlements and one reversal: +124.30 net, three rows.
  const auto his = totals_input(yuan(before.medfee_sumamt + 12430), yuan(before.fund_pay_sumamt),
                                yuan(before.acct_pay + 11000), std::to_string(before.count + 3));
  auto balanced = call("3201", his, "", "");
  ASSERT_EQ(balanced.infcode(), 0) << balanced.http.body;
  EXPECT_EQ(balanced.output().at("stmtinfo").at("stmt_rslt").as_string(), "0") << balanced.http.body;
  EXPECT_EQ(balanced.output().at("stmtinfo").at("stmt_rslt_dscr").as_string(), "对账一致");
  EXPECT_EQ(balanced.output().at("stmtinfo").at("setl_optins").as_string(), "110105");

  auto short_one = call("3201", totals_input(yuan(before.medfee_sumamt + 12430), yuan(before.fund_pay_sumamt),
                                             yuan(before.acct_pay + 11000), std::to_string(before.count + 2)), "", "");
  EXPECT_EQ(short_one.output().at("stmtinfo").at("stmt_rslt").as_string(), "1");
  EXPECT_EQ(short_one.output().at("stmtinfo").at("stmt_rslt_dscr").as_string(),
            "结算笔数：平台 " + std::to_string(before.count + 3) + "，机构 " + std::to_string(before.count + 2));
  // 退费 only: the one reversal, negative.
  const auto reversals = platform_totals("1");
  EXPECT_EQ(reversals.count, reversals_before.count + 1);
  EXPECT_EQ(reversals.medfee_sumamt, reversals_before.medfee_sumamt - 12430);
  // The counter count may come as a string too.
  auto as_string = call("3201", totals_input(yuan(before.medfee_sumamt + 12430), yuan(before.fund_pay_sumamt),
                                             yuan(before.acct_pay + 11000), "\"" + std::to_string(before.count + 3) + "\""),
                        "", "");
  EXPECT_EQ(as_string.output().at("stmtinfo").at("stmt_rslt").as_string(), "0") << as_string.http.body;
}

TEST_F(ReconciliationApi, ABadPeriodOrScopeIsRefusedWithItsReason) {
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "0", "2026-11-30", "2026-11-01"), "", "").err_code(),
            "FSI_PERIOD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "0", "2025-01-01", "2026-11-30"), "", "").err_code(),
            "FSI_PERIOD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "0", "2026/11/01", "2026-11-30"), "", "").err_code(),
            "FSI_PERIOD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "-1"), "", "").err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "1.5"), "", "").err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0.001", "0", "0", "0"), "", "").err_code(), "FIELD_INVALID");
  EXPECT_EQ(call("3201", totals_input("0", "0", "0", "0", "", "", "2"), "", "").err_code(), "FIELD_INVALID");
}

// ---- A hospital's whole day: settlements, a lost answer recovered by 2601, a reversal, and the
// evening's 3201 + 3202 with a detail file that misses one row and alters one amount ----

class HospitalDayApi : public ReconciliationApi {
 protected:
  static std::string byte_array(const std::string& bytes) {
    std::string out = "[";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (i) out += ",";
      out += std::to_string(static_cast<int>(static_cast<signed char>(bytes[i])));  // Java's signed bytes
    }
    return out + "]";
  }
  static std::string upload(const std::string& filename, const std::string& bytes) {
    auto a = call("9101", R"({"fsUploadIn":{"in":)" + byte_array(bytes) + R"(,"filename":")" + filename +
                              R"(","fixmedins_code":"H11010500001"}})", "", "");
    EXPECT_EQ(a.infcode(), 0) << a.http.body.substr(0, 400);
    return a.infcode() == 0 ? std::string(a.output().at("file_qury_no").as_string()) : "";
  }
  static HttpResponse download(const std::string& file_qury_no, const std::string& filename) {
    const std::string body = envelope("9102", R"({"fsDownloadIn":{"file_qury_no":")" + file_qury_no + R"(","filename":")" +
                                                  filename + R"(","fixmedins_code":"H11010500001"}})",
                                      next_msgid("H11010500001"), "");
    return signed_post("/fsi/api/callService", body, "H11010500001");
  }
};

TEST_F(HospitalDayApi, TheEveningReconciliationFindsExactlyTheMissingAndTheAlteredRow) {
  const auto& zhang = people_["张建国"];
  const auto before = platform_totals();
  // The day: three settlements, one answer lost (recovered by 2601), one reversed.
  struct Settled {
    std::string setl_id, mdtrt_id;
    std::int64_t fund = 0, acct = 0;  // as the answer said (the deductible fills up over the day)
  };
  const auto fen_of = [](const Answer& a, const char* field) {
    auto m = core::Money::parse(std::string(fsi_number(a.raw_output, field)));
    EXPECT_TRUE(m.ok()) << field;
    return m.ok() ? m->fen() : 0;
  };
  std::vector<Settled> day;
  for (int i = 1; i <= 3; ++i) {
    const auto mdtrt = register_visit(zhang, "310", "OP-DAY-" + std::to_string(i));
    ASSERT_EQ(call("2204", basket(zhang, mdtrt, "B1")).infcode(), 0);
    auto paid = call("2207", settle_input(zhang, "310", mdtrt, "B1", "124.30"));
    ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
    day.push_back({std::string(paid.output().at("setlinfo").at("setl_id").as_string()), mdtrt,
                   fen_of(paid, "fund_pay_sumamt"), fen_of(paid, "acct_pay")});
  }
  const auto lost_visit = register_visit(zhang, "310", "OP-DAY-LOST");
  ASSERT_EQ(call("2204", basket(zhang, lost_visit, "B1")).infcode(), 0);
  const std::string lost = next_msgid("H11010500001");
  ASSERT_EQ(call("2207", settle_input(zhang, "310", lost_visit, "B1", "124.30"), lost).infcode(), 0);  // answer "lost"
  ASSERT_EQ(correct(zhang, lost, "2207").output().at("corrinfo").at("crt_rslt").as_string(), "1");
  auto rev = call("2208", R"({"data":{"setl_id":")" + day[2].setl_id + R"(","mdtrt_id":")" + day[2].mdtrt_id +
                              R"(","psn_no":")" + zhang.psn_no + R"("}})");
  ASSERT_EQ(rev.infcode(), 0) << rev.http.body;
  const std::string rev_setl_id(rev.output().at("setlinfo").at("setl_id").as_string());

  // 3201: three settlements and one reversal stand; the corrected pair is in neither book.
  const auto fund = day[0].fund + day[1].fund, acct = day[0].acct + day[1].acct;  // day[2] reversed: nets to 0
  auto totals = call("3201", totals_input(yuan(before.medfee_sumamt + 2 * 12430), yuan(before.fund_pay_sumamt + fund),
                                          yuan(before.acct_pay + acct), std::to_string(before.count + 4)), "", "");
  ASSERT_EQ(totals.infcode(), 0) << totals.http.body;
  EXPECT_EQ(totals.output().at("stmtinfo").at("stmt_rslt").as_string(), "0") << totals.http.body;

  // 3202: the HIS's rows of the day — but day[0] is missing and day[1]'s amount is altered.
  // (Rows from before this test are not in its file: the demo world's own settlements show
  // up as rows yibao has and the file lacks, so only this test's rows are counted below.)
  std::string tsv = "setl_id\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag\n";
  const auto row = [&](const std::string& setl_id, const Settled& d, const std::string& medfee, int sign,
                       const char* flag) {
    return setl_id + "\t" + d.mdtrt_id + "\t" + zhang.psn_no + "\t" + medfee + "\t" + yuan(sign * d.fund) + "\t" +
           yuan(sign * d.acct) + "\t" + flag + "\n";
  };
  tsv += row(day[1].setl_id, day[1], "124.00", 1, "0");
  tsv += row(day[2].setl_id, day[2], "124.30", 1, "0");
  tsv += row(rev_setl_id, day[2], "-124.30", -1, "1");
  auto zipped = docs::write_zip({{"H11010500001_detail.txt", tsv}});
  ASSERT_TRUE(zipped.ok());
  const auto file_qury_no = upload("H11010500001_detail.zip", *zipped);
  ASSERT_FALSE(file_qury_no.empty());
  auto details = call("3202", R"({"data":{"setl_optins":"110105","file_qury_no":")" + file_qury_no +
                                  R"(","stmt_begndate":")" + today() + R"(","stmt_enddate":")" + today() +
                                  R"(","clr_type":"11","insutype":"310","medfee_sumamt":248.30,"fund_pay_sumamt":0,)"
                                  R"("cash_payamt":0,"fixmedins_setl_cnt":3}})", "", "");
  ASSERT_EQ(details.infcode(), 0) << details.http.body;
  const auto& info = details.output().at("fileinfo").as_object();
  EXPECT_EQ(info.at("stmt_rslt").as_string(), "1");
  auto file = download(std::string(info.at("file_qury_no").as_string()), std::string(info.at("filename").as_string()));
  ASSERT_EQ(file.status, 200u);
  auto entries = docs::read_zip(file.body, 1 << 20);
  ASSERT_TRUE(entries.ok()) << file.body.substr(0, 200);
  ASSERT_EQ(entries->size(), 1u);
  std::vector<std::string> ours;
  std::size_t start = 0;
  const auto& text = entries->front().content;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end - start);
    start = end + 1;
    for (const auto& d : day) {
      if (line.find(d.setl_id) != std::string::npos) ours.push_back(line);
    }
    if (line.find(lost) != std::string::npos) ours.push_back(line);
  }
  ASSERT_EQ(ours.size(), 2u) << text;
  const auto line_of = [&](const std::string& setl_id) {
    for (const auto& l : ours) {
      if (l.find("\t" + setl_id + "\t") != std::string::npos) return l;
    }
    return std::string();
  };
  EXPECT_NE(line_of(day[0].setl_id).find("\t2\t0\t平台有该笔结算，机构明细中没有\t124.30\t"), std::string::npos) << text;
  EXPECT_NE(line_of(day[1].setl_id).find("\t3\t0\t医疗费总额：平台 124.30，机构 124.00\t124.30\t"), std::string::npos)
      << text;
  EXPECT_TRUE(audit_clean());
}

TEST_F(HospitalDayApi, FilesAreTheInstitutionsOwnAndABrokenUploadIsRefused) {
  const auto file_qury_no = upload("notes.zip", "not a zip at all");
  ASSERT_FALSE(file_qury_no.empty());
  auto refused = call("3202", R"({"data":{"setl_optins":"110105","file_qury_no":")" + file_qury_no +
                                  R"(","stmt_begndate":")" + today() + R"(","stmt_enddate":")" + today() + R"("}})", "", "");
  EXPECT_EQ(refused.err_code(), "FSI_FILE_INVALID") << refused.http.body;
  auto broken_rows = docs::write_zip({{"d.txt", "S1\tM1\tP1\t12.3x\t0\t0\t0\n"}});
  ASSERT_TRUE(broken_rows.ok());
  auto line = call("3202", R"({"data":{"setl_optins":"110105","file_qury_no":")" + upload("d.zip", *broken_rows) +
                               R"(","stmt_begndate":")" + today() + R"(","stmt_enddate":")" + today() + R"("}})", "", "");
  EXPECT_EQ(line.err_code(), "FSI_FILE_INVALID");
  EXPECT_NE(line.http.body.find("第 1 行"), std::string::npos) << line.http.body;
  // Another institution cannot download it, nor can a wrong filename.
  const std::string other = envelope("9102", R"({"fsDownloadIn":{"file_qury_no":")" + file_qury_no + R"(","filename":"notes.zip"}})",
                                     next_msgid("P11010500003"), "", "P11010500003");
  ASSERT_TRUE(secrets_.count("P11010500003"));
  auto theirs = signed_post("/fsi/api/callService", other, "P11010500003");
  EXPECT_NE(theirs.body.find("FSI_FILE_NOT_FOUND"), std::string::npos) << theirs.body;
  EXPECT_NE(download(file_qury_no, "other.zip").body.find("FSI_FILE_NOT_FOUND"), std::string::npos);
  EXPECT_EQ(download(file_qury_no, "notes.zip").body, "not a zip at all");
  // Oversized: 512 KiB + 1 byte is refused before anything is stored.
  auto big = call("9101", R"({"fsUploadIn":{"in":")" + std::string(700000, 'A') + R"(","filename":"big.zip"}})", "", "");
  EXPECT_EQ(big.err_code(), "FSI_FILE_TOO_LARGE") << big.http.body.substr(0, 300);
}

// ---- 2302 / 2403 / 2404 / 2405: a stay changed before it is settled, refused after ----

TEST_F(SettlementApi, AStaysDetailsAdmissionAndDischargeChangeUntilASettlementStandsInTheWay) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = admit(zhang, "IP-2403");
  ASSERT_FALSE(mdtrt.empty());
  const auto stay = [&](const std::string& extra = "") {
    return R"({"data":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"(")" + extra + "}}";
  };
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "1", "110900001a", "150.00", "3", "50.00").infcode(), 0);
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "2", "110900001a", "50.00", "1", "50.00").infcode(), 0);
  // 2302: one detail, then it is gone.
  EXPECT_EQ(call("2302", stay(R"(,"feedetl_sn":"2")")).infcode(), 0);
  EXPECT_EQ(call("2302", stay(R"(,"feedetl_sn":"2")")).err_code(), "FSI_FEE_NOT_FOUND");
  EXPECT_EQ(call("2302", stay(R"(,"feedetl_sn":"99")")).err_code(), "FSI_FEE_NOT_FOUND");
  EXPECT_EQ(call("2303", inpatient_settle_input(zhang, mdtrt, "200.00", "1")).err_code(), "FSI_SUMAMT_MISMATCH")
      << "the cancelled detail is no longer part of the stay";
  // 2403: the admission's diagnosis changes while nothing is settled.
  auto changed = call("2403", R"({"adminfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                                  R"(","begntime":"2026-11-20 09:00:00","dscg_maindiag_code":"K35.900","dscg_maindiag_name":"阑尾炎"},)"
                                  R"("diseinfo":[{"psn_no":")" + zhang.psn_no + R"(","diag_type":"1","maindiag_flag":"1","diag_srt_no":1,"diag_code":"K35.900","diag_name":"阑尾炎","diag_dept":"普外科","dise_dor_no":"D002","dise_dor_name":"李医生","diag_time":"2026-11-20 09:10:00","vali_flag":"1"}]})");
  ASSERT_EQ(changed.infcode(), 0) << changed.http.body;
  const auto admission = stored_diagnoses(mdtrt);
  ASSERT_EQ(admission.size(), 1u);
  EXPECT_EQ(admission[0].diag_code, "K35.900");
  // An interim settlement stands: the admission can no longer change or be cancelled, nor its
  // settled detail.
  ASSERT_EQ(call("2304", inpatient_settle_input(zhang, mdtrt, "150.00", "1")).infcode(), 0);
  EXPECT_EQ(call("2403", R"({"adminfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"(","med_type":"21"}})")
                .err_code(),
            "FSI_VISIT_HAS_SETTLEMENT");
  EXPECT_EQ(call("2404", stay()).err_code(), "FSI_VISIT_HAS_SETTLEMENT");
  EXPECT_EQ(call("2302", stay(R"(,"feedetl_sn":"1")")).err_code(), "FSI_ALREADY_SETTLED");
  // 2405: a discharge is taken back until its settlement is made.
  EXPECT_EQ(call("2405", stay()).err_code(), "FSI_VISIT_CLOSED") << "not discharged yet";
  const std::string discharge = R"({"dscginfo":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                                R"(","endtime":"2026-11-23 10:00:00"},"diseinfo":[]})";
  ASSERT_EQ(call("2402", discharge).infcode(), 0);
  ASSERT_EQ(call("2405", stay()).infcode(), 0);
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "3", "110900001a", "50.00", "1", "50.00").infcode(), 0)
      << "the stay is open again";
  ASSERT_EQ(call("2402", discharge).infcode(), 0);
  ASSERT_EQ(call("2304", inpatient_settle_input(zhang, mdtrt, "50.00", "0")).infcode(), 0);
  EXPECT_EQ(call("2405", stay()).err_code(), "FSI_DISCHARGE_SETTLED");
  // The kind of visit still rules: an outpatient visit is no stay.
  const auto outpatient = register_visit(zhang, "310", "OP-2404");
  EXPECT_EQ(call("2404", R"({"data":{"mdtrt_id":")" + outpatient + R"(","psn_no":")" + zhang.psn_no + R"("}})").err_code(),
            "FSI_VISIT_KIND_MISMATCH");
}

TEST_F(SettlementApi, AnAdmissionIsCancelledWithItsOpenDetails) {
  const auto& zhang = people_["张建国"];
  const auto mdtrt = admit(zhang, "IP-2404");
  ASSERT_FALSE(mdtrt.empty());
  ASSERT_EQ(inpatient_fee(zhang, mdtrt, "1", "110900001a", "150.00", "3", "50.00").infcode(), 0);
  const std::string stay = R"({"data":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no + R"("}})";
  ASSERT_EQ(call("2404", stay).infcode(), 0);
  EXPECT_EQ(call("2404", stay).err_code(), "FSI_VISIT_CLOSED");
  EXPECT_EQ(inpatient_fee(zhang, mdtrt, "2", "110900001a", "50.00", "1", "50.00").err_code(), "FSI_VISIT_CLOSED");
  EXPECT_EQ(call("2404", R"({"data":{"mdtrt_id":")" + mdtrt + R"(","psn_no":")" + people_["王芳"].psn_no + R"("}})")
                .err_code(),
            "FSI_VISIT_NOT_FOUND");
}

}  // namespace
}  // namespace yibao::testing
