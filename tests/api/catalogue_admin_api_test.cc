// issue 19 §2 目录维护 over HTTP: staff give their region catalogue rows (one, or a CSV that is
// imported whole or not at all), institutions see them as increments, and settlement at a place
// in that region uses them — here a Beijing-insured patient treated in Shanghai is priced with
// the Shanghai row that Beijing lacks.
#include <memory>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/demo_api.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

constexpr const char* kShanghaiOnly = "XSH0000000000000000042";  // a drug only 上海 lists

class CatalogueAdminApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = DemoApi::start(api_backend());
    ASSERT_TRUE(demo_);
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                           const std::string& token, const std::string& type = "application/json") {
    return demo_->send(method, target, body, token, type);
  }
  static std::string staff(const std::string& username) { return demo_->staff_token(username); }
  static FsiAnswer fsi(const std::string& institution, const std::string& infno, const std::string& input,
                       const std::string& area) {
    return demo_->fsi(institution, infno, input, "", area);
  }
  // 2201 + 2204 of one line of `code` for 张建国 at `institution` → 2204's output text.
  static std::string priced_line(const std::string& institution, const std::string& area, const std::string& visit_no,
                                  const std::string& code) {
    const auto& zhang = demo_->person("张建国");
    auto reg = fsi(institution, "2201",
                   R"({"data":{"psn_no":")" + zhang.psn_no + R"(","insutype":"310","begntime":"2026-11-23 09:30:00",)"
                   R"("mdtrt_cert_type":"02","mdtrt_cert_no":")" + zhang.id_number + R"(","ipt_otp_no":")" + visit_no + R"("}})",
                   area);
    EXPECT_EQ(reg.infcode(), 0) << reg.http.body;
    if (reg.infcode() != 0) return "";
    const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
    auto up = fsi(institution, "2204",
                  R"({"feedetail":[{"feedetl_sn":"1","mdtrt_id":")" + mdtrt + R"(","psn_no":")" + zhang.psn_no +
                      R"(","chrg_bchno":"B1","med_list_codg":")" + code +
                      R"(","det_item_fee_sumamt":30.00,"cnt":10,"pric":3.00}]})",
                  area);
    EXPECT_EQ(up.infcode(), 0) << up.http.body;
    return up.infcode() == 0 ? up.raw_output : "";
  }

  static inline std::unique_ptr<DemoApi> demo_;
};

TEST_F(CatalogueAdminApi, AShanghaiRowPricesABeijingPatientTreatedInShanghaiAndNotInBeijing) {
  const auto sh = staff("sh_agent");
  auto saved = send("POST", "/api/agency/v1/catalogue/items",
                    json::serialize(json::object{{"med_list_codg", kShanghaiOnly}, {"name", "上海增补药品（演示）"},
                                                 {"chrgitm_lv", "甲"}, {"med_chrgitm_type", "09"}, {"price_cap", "3.50"},
                                                 {"account_scope", true}, {"begndate", "2026-01-01"}}),
                    sh);
  ASSERT_EQ(saved.status, 201u) << saved.body;
  const auto row = json::parse(saved.body).as_object();
  EXPECT_EQ(row.at("admdvs").as_string(), "310000");
  EXPECT_EQ(row.at("chrgitm_lv").as_string(), "01");
  EXPECT_EQ(row.at("ver").as_int64(), 1);
  const std::string updt_time(row.at("updt_time").as_string());

  // A Shanghai hospital, and 张建国 (insured in 北京) files his stay there.
  auto registered = send("POST", "/api/agency/v1/institutions",
                         R"({"code":"H31010400042","name":"上海市徐汇区示范医院（测试）","level":"2"})", sh);
  ASSERT_EQ(registered.status, 201u) << registered.body;
  demo_->add_institution_secret("H31010400042", std::string(json::parse(registered.body).at("secret").as_string()));
  const std::string citizen = demo_->citizen_token("13800000001");
  auto filed = send("POST", "/api/v1/me/remote-filings",
                    R"({"filing_type":"temporary","dest_admdvs":"310000","valid_from":"2026-01-01","valid_to":"2099-12-31"})",
                    citizen);
  ASSERT_EQ(filed.status, 201u) << filed.body;

  const auto in_shanghai = priced_line("H31010400042", "310104", "SH-1", kShanghaiOnly);
  ASSERT_FALSE(in_shanghai.empty());
  EXPECT_NE(in_shanghai.find(R"("chrgitm_lv":"01")"), std::string::npos) << in_shanghai;
  EXPECT_NE(in_shanghai.find(R"("fulamt_ownpay_amt":0.00)"), std::string::npos) << in_shanghai;
  EXPECT_NE(in_shanghai.find(R"("overlmt_amt":0.00)"), std::string::npos) << "3.00 is within the 3.50 cap: " << in_shanghai;
  const auto in_beijing = priced_line("H11010500001", "110105", "BJ-1", kShanghaiOnly);
  ASSERT_FALSE(in_beijing.empty());
  EXPECT_NE(in_beijing.find(R"("fulamt_ownpay_amt":30.00)"), std::string::npos) << "Beijing has no such row: 目录外 " << in_beijing;

  // A HIS in Shanghai sees it as an increment; a change raises ver.
  auto listed = send("GET", "/api/agency/v1/catalogue", "", sh);
  ASSERT_EQ(listed.status, 200u) << listed.body;
  EXPECT_EQ(json::parse(listed.body).at("total").as_int64(), 1);
  auto changed = send("POST", "/api/agency/v1/catalogue/items",
                      json::serialize(json::object{{"med_list_codg", kShanghaiOnly}, {"name", "上海增补药品（演示）"},
                                                   {"chrgitm_lv", "02"}, {"med_chrgitm_type", "09"}, {"price_cap", 3.5},
                                                   {"account_scope", "1"}, {"begndate", "2026-01-01"}}),
                      sh);
  ASSERT_EQ(changed.status, 201u) << changed.body;
  EXPECT_EQ(json::parse(changed.body).at("ver").as_int64(), 2);
  auto increment = fsi("H31010400042", "1312", R"({"data":{"updt_time":")" + updt_time + R"(","insu_admdvs":"310000","page_num":1,"page_size":10}})",
                       "310104");
  ASSERT_EQ(increment.infcode(), 0) << increment.http.body;
  EXPECT_NE(increment.raw_output.find(kShanghaiOnly), std::string::npos) << increment.raw_output;
}

TEST_F(CatalogueAdminApi, ACsvWithBrokenRowsImportsNothingAndSaysWhichLines) {
  const auto bj = staff("bj_agent");
  const std::string header = "med_list_codg,name,chrgitm_lv,med_chrgitm_type,price_cap,account_scope,begndate,enddate,vali_flag\n";
  const std::string good = "XBJ0000000000000000101,\"北京增补药品, 片剂\",乙,09,12.50,1,2026-01-01,,1\n";
  const std::string csv = header + good +
                          "XBJ0000000000000000102,坏等级,丁,09,,1,2026-01-01,,1\n"
                          "XBJ0000000000000000103,坏日期,01,09,,1,2026/01/01,,1\n"
                          "XBJ0000000000000000104,少一列,01,09,,1,2026-01-01,\n"
                          "XBJ0000000000000000101,重复,01,09,,1,2026-01-01,,1\n";
  auto refused = send("POST", "/api/agency/v1/catalogue/import", csv, bj, "text/csv");
  ASSERT_EQ(refused.status, 400u) << refused.body;
  EXPECT_EQ(error_code_of(refused), "CATALOGUE_IMPORT_INVALID");
  const auto report = json::parse(refused.body).at("report").as_array();
  ASSERT_EQ(report.size(), 4u) << refused.body;
  EXPECT_EQ(report[0].at("line").as_int64(), 3);
  EXPECT_EQ(report[0].at("field").as_string(), "chrgitm_lv");
  EXPECT_EQ(report[1].at("line").as_int64(), 4);
  EXPECT_EQ(report[1].at("field").as_string(), "begndate");
  EXPECT_EQ(report[2].at("line").as_int64(), 5);
  EXPECT_EQ(report[3].at("line").as_int64(), 6);
  auto none = send("GET", "/api/agency/v1/catalogue", "", bj);
  EXPECT_EQ(json::parse(none.body).at("total").as_int64(), 0) << "nothing imported";
  EXPECT_EQ(error_code_of(send("POST", "/api/agency/v1/catalogue/import", "code,name\nX,Y\n", bj, "text/csv")),
            "CATALOGUE_IMPORT_INVALID");

  auto imported = send("POST", "/api/agency/v1/catalogue/import", header + good, bj, "text/csv");
  ASSERT_EQ(imported.status, 200u) << imported.body;
  EXPECT_EQ(json::parse(imported.body).at("imported").as_int64(), 1);
  auto listed = json::parse(send("GET", "/api/agency/v1/catalogue", "", bj).body);
  ASSERT_EQ(listed.at("total").as_int64(), 1);
  EXPECT_EQ(listed.at("items").at(0).at("name").as_string(), "北京增补药品, 片剂");
  EXPECT_EQ(listed.at("items").at(0).at("price_cap").as_string(), "12.50");
  EXPECT_EQ(listed.at("items").at(0).at("admdvs").as_string(), "110000");

  // A single bad row names its field; no session, no change.
  auto bad = send("POST", "/api/agency/v1/catalogue/items", R"({"med_list_codg":"X Y","name":"a","chrgitm_lv":"01","med_chrgitm_type":"09","begndate":"2026-01-01"})", bj);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "med_list_codg");
  EXPECT_EQ(send("POST", "/api/agency/v1/catalogue/items", "{}", "").status, 401u);
}

}  // namespace
}  // namespace yibao::testing
