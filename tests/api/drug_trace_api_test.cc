// issue 15 §8 药品追溯码 over real HTTP, on both stores: a box sold with its trace code (2204
// line, 2207, 2102, 3505) cannot be sold again while that sale stands — 回流药 is refused and
// the refusal changes nothing; a reversal, a cancelled detail or a 3506 return frees the code;
// a 2601 that undoes a sale frees it without counting it; 扫码查药 tells a citizen how often
// a box was sold and flags a box sold twice.
#include <memory>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/demo_api.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

constexpr const char* kHospital = "H11010500001";
constexpr const char* kPharmacy = "P11010500003";

// Trace codes of four boxes (20 digits).
constexpr const char* kBoxA = "81234560000000000001";
constexpr const char* kBoxB = "81234560000000000002";
constexpr const char* kBoxC = "81234560000000000003";
constexpr const char* kBoxD = "81234560000000000004";

class DrugTraceApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = DemoApi::start(api_backend());
    ASSERT_TRUE(demo_);
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::string next_msgid(const std::string& institution) { return demo_->next_msgid(institution); }
  static FsiAnswer call(const std::string& infno, const std::string& input, const std::string& institution = kHospital,
                        const std::string& msgid = "") {
    return demo_->fsi(institution, infno, input, msgid);
  }
  static long long count(const std::string& sql) { return demo_->count(sql); }
  static const DemoPerson& person(const std::string& name) { return demo_->person(name); }

  static std::string trace(const std::string& code, const std::string& flag = "0", const std::string& sn = "") {
    return R"({)" + (sn.empty() ? std::string() : R"("feedetl_sn":")" + sn + R"(",)") + R"("drug_trac_codg":")" + code +
           R"(","trdn_flag":")" + flag + R"(","min_prcunt_type":"1"})";
  }

  // 2201 + 2204 (one amoxicillin line carrying `codes`) at the hospital → mdtrt_id.
  static std::string visit_with_box(const DemoPerson& p, const std::string& ipt_otp_no, const std::string& codes) {
    auto reg = call("2201", R"({"data":{"psn_no":")" + p.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)"
                            R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + p.id_number + R"(","ipt_otp_no":")" + ipt_otp_no +
                            R"("}})");
    EXPECT_EQ(reg.infcode(), 0) << reg.http.body;
    if (reg.infcode() != 0) return {};
    const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
    auto up = upload(p, mdtrt, codes);
    EXPECT_EQ(up.infcode(), 0) << up.http.body;
    return mdtrt;
  }
  static FsiAnswer upload(const DemoPerson& p, const std::string& mdtrt, const std::string& line_codes,
                          const std::string& beside = "") {
    return call("2204", R"({"feedetail":[{"feedetl_sn":"1","mdtrt_id":")" + mdtrt + R"(","psn_no":")" + p.psn_no +
                            R"(","chrg_bchno":"B1","fee_ocur_time":"2026-11-23 09:40:00","med_list_codg":"XJ01CAA040A001010100001",)"
                            R"("medins_list_codg":"","det_item_fee_sumamt":20.00,"cnt":20,"pric":1.00,"drug_trac_info":[)" +
                            line_codes + "]}]" + beside + "}");
  }
  static FsiAnswer settle(const DemoPerson& p, const std::string& mdtrt) {
    return call("2207", R"({"data":{"psn_no":")" + p.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" + p.id_number +
                            R"(","medfee_sumamt":20.00,"psn_setlway":"01","mdtrt_id":")" + mdtrt +
                            R"(","chrg_bchno":"B1","insutype":"310","acct_used_flag":"1"}})");
  }
  // 2102 at the pharmacy: one box of 布洛芬 (6.00) with `code`.
  static FsiAnswer buy(const DemoPerson& p, const std::string& code, const std::string& msgid = "") {
    return call("2102", R"({"druginfo":{"psn_no":")" + p.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" +
                            p.id_number + R"(","medfee_sumamt":6.00,"insutype":")" +
                            (p.psn_no == person("张建国").psn_no ? "310" : "390") +
                            R"(","acct_used_flag":"1"},"drugdetail":[{"feedetl_sn":"1","fee_ocur_time":"2026-11-23 10:00:00",)"
                            R"("med_list_codg":"XN02BEA013A001010100001","medins_list_codg":"","det_item_fee_sumamt":6.00,"cnt":4,"pric":1.50,)"
                            R"("drug_trac_info":[)" + trace(code) + "]}]}",
                kPharmacy, msgid);
  }
  static std::string counter(const std::string& code, const std::string& flag = "0") {
    return R"({"selinfo":{"med_list_codg":"XN02BEA013A001010100001","fixmedins_hilist_id":"P-1","fixmedins_hilist_name":"布洛芬缓释胶囊",)"
           R"("fixmedins_bchno":"S1","prsc_dr_cert_type":"","prsc_dr_certno":"","prsc_dr_name":"","phar_cert_type":"","rx_flag":"0",)"
           R"("trdn_flag":")" + flag + R"(","sel_retn_cnt":1,"sel_retn_time":"2026-11-23 13:00:00","sel_retn_opter_name":"张药师",)"
           R"("mdtrt_setl_type":"2","memo":"","drugtracinfo":[{"drug_trac_codg":")" + code + R"("}]}})";
  }

  static json::object report(const std::string& code) {
    static const std::string token = demo_->citizen_token("13800000002");
    auto a = demo_->send("GET", "/api/v1/drug-trace/" + code, "", token);
    EXPECT_EQ(a.status, 200u) << a.body;
    return json::parse(a.body).as_object();
  }

  static inline std::unique_ptr<DemoApi> demo_;
};

TEST_F(DrugTraceApi, ABoxSoldOnceIsRefusedAgainUntilItsSaleIsReversedAndThenFlagged) {
  const auto& zhang = person("张建国");
  const auto& li = person("李秀英");
  const auto mdtrt = visit_with_box(zhang, "TR-1", trace(kBoxA));
  ASSERT_FALSE(mdtrt.empty());
  auto paid = settle(zhang, mdtrt);
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const std::string setl_id(paid.output().at("setlinfo").at("setl_id").as_string());
  EXPECT_EQ(report(kBoxA).at("whole_box_sales").as_int64(), 1);
  EXPECT_FALSE(report(kBoxA).at("flagged").as_bool());

  // The same box at the pharmacy next door: 回流药, refused, and nothing is written.
  const auto settlements = count("SELECT COUNT(*) FROM settlements");
  const auto uses = count("SELECT COUNT(*) FROM drug_trace_uses");
  auto again = buy(li, kBoxA);
  EXPECT_EQ(again.infcode(), -1);
  EXPECT_EQ(again.err_code(), "DRUG_TRACE_CODE_ALREADY_SOLD");
  EXPECT_NE(std::string(again.body.at("err_msg").as_string()).find("回流药"), std::string::npos) << again.http.body;
  EXPECT_NE(std::string(again.body.at("err_msg").as_string()).find(kHospital), std::string::npos) << again.http.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM settlements"), settlements);
  EXPECT_EQ(count("SELECT COUNT(*) FROM drug_trace_uses"), uses);
  // Nor as a counter sale, nor by the hospital itself on another visit.
  EXPECT_EQ(call("3505", counter(kBoxA), kPharmacy).err_code(), "DRUG_TRACE_CODE_ALREADY_SOLD");
  const auto reg = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)"
                                    R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number + R"(","ipt_otp_no":"TR-2"}})");
  ASSERT_EQ(reg.infcode(), 0) << reg.http.body;
  const std::string other(reg.output().at("data").at("mdtrt_id").as_string());
  EXPECT_EQ(upload(zhang, other, trace(kBoxA)).err_code(), "DRUG_TRACE_CODE_ALREADY_SOLD");
  // The refused upload stored no detail: the same line uploads without the code.
  EXPECT_EQ(upload(zhang, other, "").infcode(), 0);

  // The hospital reverses its settlement: the box is free, and sells at the pharmacy.
  auto reversed = call("2208", R"({"data":{"setl_id":")" + setl_id + R"(","mdtrt_id":")" + mdtrt + R"(","psn_no":")" +
                                   zhang.psn_no + R"("}})");
  ASSERT_EQ(reversed.infcode(), 0) << reversed.http.body;
  auto bought = buy(li, kBoxA);
  ASSERT_EQ(bought.infcode(), 0) << bought.http.body;

  // 扫码查药: sold twice (once reversed) — flagged; where and when, never to whom.
  const auto r = report(kBoxA);
  EXPECT_EQ(r.at("whole_box_sales").as_int64(), 2);
  EXPECT_TRUE(r.at("flagged").as_bool());
  EXPECT_NE(std::string(r.at("verdict").as_string()).find("回流药"), std::string::npos);
  ASSERT_EQ(r.at("sales").as_array().size(), 2u);
  EXPECT_EQ(r.at("sales").at(0).at("status").as_string(), "reversed");
  EXPECT_EQ(r.at("sales").at(1).at("status").as_string(), "sold");
  EXPECT_EQ(json::serialize(r).find(li.psn_no), std::string::npos);
  EXPECT_EQ(json::serialize(r).find(zhang.psn_no), std::string::npos);

  // The pharmacy cannot "return" a box its settlement holds: that is a reversal.
  EXPECT_EQ(call("3506", counter(kBoxA), kPharmacy).err_code(), "DRUG_TRACE_RETURN_NEEDS_REVERSAL");
}

TEST_F(DrugTraceApi, CounterSalesAndReturnsAreTheInstitutionsOwnAndIdempotent) {
  const std::string msgid = next_msgid(kHospital);
  auto sold = call("3505", counter(kBoxB), kHospital, msgid);
  ASSERT_EQ(sold.infcode(), 0) << sold.http.body;
  const auto uses = count("SELECT COUNT(*) FROM drug_trace_uses");
  // A lost answer's retry: the same answer, the box sold once.
  EXPECT_EQ(call("3505", counter(kBoxB), kHospital, msgid).infcode(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM drug_trace_uses"), uses);
  EXPECT_EQ(call("3505", counter(kBoxB), kPharmacy).err_code(), "DRUG_TRACE_CODE_ALREADY_SOLD");
  EXPECT_EQ(call("3506", counter(kBoxB), kPharmacy).err_code(), "DRUG_TRACE_CODE_NOT_SOLD_HERE");
  ASSERT_EQ(call("3506", counter(kBoxB), kHospital).infcode(), 0);
  EXPECT_EQ(call("3506", counter(kBoxB), kHospital).err_code(), "DRUG_TRACE_CODE_NOT_SOLD_HERE") << "returned once";
  ASSERT_EQ(call("3505", counter(kBoxB), kPharmacy).infcode(), 0);
  const auto r = report(kBoxB);
  EXPECT_EQ(r.at("whole_box_sales").as_int64(), 2);
  EXPECT_EQ(r.at("sales").at(0).at("status").as_string(), "returned");

  // 拆零: parts of one box sell many times, but never the whole box after them.
  ASSERT_EQ(call("3505", counter(kBoxC, "1"), kPharmacy).infcode(), 0);
  ASSERT_EQ(call("3505", counter(kBoxC, "1"), kPharmacy).infcode(), 0);
  EXPECT_EQ(call("3505", counter(kBoxC, "0"), kPharmacy).err_code(), "DRUG_TRACE_CODE_ALREADY_SOLD");
  const auto split = report(kBoxC);
  EXPECT_EQ(split.at("split_sales").as_int64(), 2);
  EXPECT_EQ(split.at("whole_box_sales").as_int64(), 0);
  EXPECT_FALSE(split.at("flagged").as_bool());

  // Missing mandatory fields and bad codes are named.
  auto missing = call("3505", R"({"selinfo":{"med_list_codg":"X","drugtracinfo":[{"drug_trac_codg":")" + std::string(kBoxD) + R"("}]}})");
  EXPECT_EQ(missing.err_code(), "FIELD_MISSING");
  EXPECT_EQ(missing.body.at("err_field").as_string(), "selinfo.fixmedins_hilist_id");
  EXPECT_EQ(call("3505", counter("12345")).err_code(), "DRUG_TRACE_CODE_INVALID");
  auto none = call("3505", R"({"selinfo":{"med_list_codg":"X","fixmedins_hilist_id":"1","fixmedins_hilist_name":"a","fixmedins_bchno":"1",)"
                            R"("rx_flag":"0","trdn_flag":"0","sel_retn_cnt":1,"sel_retn_time":"2026-11-23 13:00:00",)"
                            R"("sel_retn_opter_name":"张","mdtrt_setl_type":"2","drugtracinfo":[]}})");
  EXPECT_EQ(none.err_code(), "FIELD_MISSING");
  EXPECT_EQ(report(kBoxD).at("whole_box_sales").as_int64(), 0);
}

TEST_F(DrugTraceApi, A2601UndoesASaleWithoutCountingItAndBadCodesAreRefusedByPath) {
  const auto& li = person("李秀英");
  const std::string msgid = next_msgid(kPharmacy);
  ASSERT_EQ(buy(li, kBoxD, msgid).infcode(), 0);
  auto corrected = call("2601", R"({"data":{"psn_no":")" + li.psn_no + R"(","omsgid":")" + msgid + R"(","oinfno":"2102"}})",
                        kPharmacy);
  ASSERT_EQ(corrected.infcode(), 0) << corrected.http.body;
  EXPECT_EQ(corrected.output().at("corrinfo").at("crt_rslt").as_string(), "1");
  const auto r = report(kBoxD);
  EXPECT_EQ(r.at("whole_box_sales").as_int64(), 0) << "a 冲正'd sale never happened";
  ASSERT_EQ(buy(li, kBoxD).infcode(), 0) << "the box is free again";

  const auto& zhang = person("张建国");
  const auto reg = call("2201", R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)"
                                    R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number + R"(","ipt_otp_no":"TR-3"}})");
  ASSERT_EQ(reg.infcode(), 0) << reg.http.body;
  const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
  auto bad = upload(zhang, mdtrt, R"({"drug_trac_codg":"8123456000000000000X"})");
  EXPECT_EQ(bad.err_code(), "DRUG_TRACE_CODE_INVALID");
  EXPECT_EQ(bad.body.at("err_field").as_string(), "feedetail[0].drug_trac_info[0].drug_trac_codg");
  auto flag = upload(zhang, mdtrt, trace("81234560000000000005", "2"));
  EXPECT_EQ(flag.err_code(), "FIELD_INVALID");
  auto unknown = upload(zhang, mdtrt, "", R"(,"drug_trac_info":[)" + trace("81234560000000000005", "0", "9") + "]");
  EXPECT_EQ(unknown.err_code(), "DRUG_TRACE_LINE_UNKNOWN");
  // Placeholders HIS send when a line has no code are nothing.
  auto placeholder = upload(zhang, mdtrt, R"({"feedetl_sn":"","drug_trac_codg":"","trdn_flag":"","min_prcunt_type":""})");
  EXPECT_EQ(placeholder.infcode(), 0) << placeholder.http.body;
  // A detail cancelled (2205) gives its box back; codes sent with 2207 name settled details.
  const auto mdtrt2 = visit_with_box(zhang, "TR-4", trace("81234560000000000006"));
  ASSERT_FALSE(mdtrt2.empty());
  ASSERT_EQ(call("2205", R"({"data":{"chrg_bchno":"0000","mdtrt_id":")" + mdtrt2 + R"(","psn_no":")" + zhang.psn_no + R"("}})")
                .infcode(),
            0);
  EXPECT_EQ(report("81234560000000000006").at("whole_box_sales").as_int64(), 0);
  ASSERT_EQ(call("3505", counter("81234560000000000006"), kPharmacy).infcode(), 0);
}

}  // namespace
}  // namespace yibao::testing
