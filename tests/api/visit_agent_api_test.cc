// issue 15 §9 代办: a visit registered by someone on the patient's behalf (2201/2401
// agnterinfo) is stored with the visit, logged only masked, and shown — masked, without the
// agent's ID number — to the patient and to the holder of a bound family member ("谁替我办的").
// HIS that send the node with every field "" register nobody; a half-filled node is refused by
// the missing field's Chinese name and writes nothing.
#include <memory>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/demo_api.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

constexpr const char* kHospital = "H11010500001";

class VisitAgentApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = DemoApi::start(api_backend());
    ASSERT_TRUE(demo_);
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static FsiAnswer call(const std::string& infno, const std::string& input) { return demo_->fsi(kHospital, infno, input); }
  static const DemoPerson& person(const std::string& name) { return demo_->person(name); }

  static std::string visit_data(const DemoPerson& p, const std::string& insutype, const std::string& ipt_otp_no,
                                const std::string& inside = "") {
    return R"({"psn_no":")" + p.psn_no + R"(","insutype":")" + insutype +
           R"(","begntime":"2026-11-23 09:30:00","mdtrt_cert_type":"02","mdtrt_cert_no":")" + p.id_number +
           R"(","ipt_otp_no":")" + ipt_otp_no + R"(","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03")" +
           inside + "}";
  }

  static std::string agent_of_zhang(const std::string& tel = "13800000001") {
    return R"({"agnter_name":"张建国","agnter_rlts":"51","agnter_cert_type":"01","agnter_certno":")" +
           person("张建国").id_number + R"(","agnter_tel":")" + tel + R"(","agnter_addr":"","agnter_photo":""})";
  }

  static std::string fee(const DemoPerson& p, const std::string& mdtrt_id, const std::string& sn, const std::string& code,
                         const std::string& amount, const std::string& cnt, const std::string& pric) {
    return R"({"feedetl_sn":")" + sn + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" + p.psn_no +
           R"(","chrg_bchno":"B1","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 09:40:00","med_list_codg":")" + code +
           R"(","medins_list_codg":"","det_item_fee_sumamt":)" + amount + R"(,"cnt":)" + cnt + R"(,"pric":)" + pric + "}";
  }

  static long long agent_rows() { return demo_->count("SELECT COUNT(*) FROM visit_agents"); }

  static inline std::unique_ptr<DemoApi> demo_;
};
TEST_F(VisitAgentApi, TheFatherWhoRegisteredHisSonIsShownToTheHolderMaskedAndLoggedMasked) {
  const auto& son = person("张小宇");
  const auto before = agent_rows();
  auto reg = call("2201", R"({"data":)" + visit_data(son, "390", "AG-1") + R"(,"agnterinfo":)" + agent_of_zhang() + "}");
  ASSERT_EQ(reg.infcode(), 0) << reg.http.body;
  EXPECT_EQ(agent_rows(), before + 1);
  const std::string mdtrt(reg.output().at("data").at("mdtrt_id").as_string());
  auto up = call("2204", R"({"feedetail":[)" + fee(son, mdtrt, "1", "XJ01CAA040A001010100001", "20.00", "20", "1.00") + "]}");
  ASSERT_EQ(up.infcode(), 0) << up.http.body;
  auto paid = call("2207", R"({"data":{"psn_no":")" + son.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" +
                               son.id_number + R"(","medfee_sumamt":20.00,"psn_setlway":"01","mdtrt_id":")" + mdtrt +
                               R"(","chrg_bchno":"B1","insutype":"390","acct_used_flag":"0"}})");
  ASSERT_EQ(paid.infcode(), 0) << paid.http.body;
  const std::string setl_id(paid.output().at("setlinfo").at("setl_id").as_string());

  // 张建国 holds his son's binding: the son's spending names who registered the visit.
  const std::string token = demo_->citizen_token("13800000001");
  auto members = demo_->send("GET", "/api/v1/me/family/members", "", token);
  ASSERT_EQ(members.status, 200u) << members.body;
  std::int64_t son_id = 0;
  const auto listed = json::parse(members.body);
  for (const auto& m : listed.at("active").as_array()) {
    if (m.at("member_name").as_string() == "张*宇") son_id = m.at("member_id").as_int64();
  }
  ASSERT_NE(son_id, 0);
  auto spending = demo_->send("GET", "/api/v1/me/family/members/" + std::to_string(son_id) + "/spending?year=2026", "", token);
  ASSERT_EQ(spending.status, 200u) << spending.body;
  const json::object* line = nullptr;
  const auto body = json::parse(spending.body);
  for (const auto& s : body.at("settlements").as_array()) {
    if (s.at("setl_id").as_string() == setl_id) line = &s.as_object();
  }
  ASSERT_NE(line, nullptr) << spending.body;
  const auto& agent = line->at("agent").as_object();
  EXPECT_EQ(agent.at("name").as_string(), "张*国");
  EXPECT_EQ(agent.at("relation_code").as_string(), "51");
  EXPECT_EQ(agent.at("relation").as_string(), "父母");
  EXPECT_EQ(agent.at("tel").as_string(), "138****0001");
  // Never the agent's ID number, nor the unmasked name or phone.
  EXPECT_EQ(spending.body.find(person("张建国").id_number), std::string::npos);
  EXPECT_EQ(spending.body.find("张建国"), std::string::npos);
  EXPECT_EQ(spending.body.find("13800000001"), std::string::npos);

  // The operators' log has the registration, masked.
  const std::string log = demo_->server().output();
  const auto at = log.find("visit_registered_by_agent");
  ASSERT_NE(at, std::string::npos);
  const std::string entry = log.substr(at, log.find('\n', at) - at);
  EXPECT_NE(entry.find("张*国"), std::string::npos) << entry;
  EXPECT_NE(entry.find("138****0001"), std::string::npos) << entry;
  EXPECT_EQ(entry.find("张建国"), std::string::npos) << entry;
  EXPECT_EQ(log.find(person("张建国").id_number), std::string::npos);
}

TEST_F(VisitAgentApi, AnEmptyAgentNodeIsNobodyAndAHalfFilledOneIsRefusedAndWritesNothing) {
  const auto& zhang = person("张建国");
  const auto before = agent_rows();
  // What HIS send when the patient came in person: every field "" (or null).
  auto empty = call("2201", R"({"data":)" + visit_data(zhang, "310", "AG-2") +
                                R"(,"agnterinfo":{"agnter_name":"","agnter_rlts":"","agnter_cert_type":"","agnter_certno":"","agnter_tel":"","agnter_addr":"","agnter_photo":null}})");
  ASSERT_EQ(empty.infcode(), 0) << empty.http.body;
  EXPECT_EQ(agent_rows(), before);

  auto half = call("2201", R"({"data":)" + visit_data(zhang, "310", "AG-3") +
                               R"(,"agnterinfo":{"agnter_name":"李秀英","agnter_rlts":"","agnter_cert_type":"01"}})");
  EXPECT_EQ(half.infcode(), -1);
  EXPECT_EQ(half.err_code(), "FIELD_MISSING");
  EXPECT_EQ(half.body.at("err_field").as_string(), "input.agnterinfo.agnter_rlts");
  EXPECT_NE(std::string(half.body.at("err_msg").as_string()).find("代办人关系"), std::string::npos) << half.http.body;
  auto not_object = call("2201", R"({"data":)" + visit_data(zhang, "310", "AG-3") + R"(,"agnterinfo":"李秀英"})");
  EXPECT_EQ(not_object.err_code(), "FIELD_INVALID");
  EXPECT_EQ(agent_rows(), before);
  // Nothing was written: the same 门诊号 registers now, with the agent nested in data as some
  // HIS send it.
  auto nested = call("2201", R"({"data":)" +
                                 visit_data(zhang, "310", "AG-3",
                                            R"(,"agnterinfo":{"agnter_name":"李秀英","agnter_rlts":"10","agnter_cert_type":"01","agnter_certno":")" +
                                                person("李秀英").id_number + R"(","agnter_tel":""})") +
                                 "}");
  ASSERT_EQ(nested.infcode(), 0) << nested.http.body;
  EXPECT_EQ(agent_rows(), before + 1);
}

TEST_F(VisitAgentApi, AnAdmissionRegisteredByAnAgentIsStoredWithTheStay) {
  const auto& mother = person("王桂兰");
  const auto before = agent_rows();
  auto adm = call("2401", R"({"mdtrtinfo":{"psn_no":")" + mother.psn_no +
                              R"(","insutype":"390","begntime":"2026-11-20 08:00:00","mdtrt_cert_type":"02","mdtrt_cert_no":")" +
                              mother.id_number +
                              R"(","med_type":"21","ipt_no":"AG-IPT-1","atddr_no":"D002","chfpdr_name":"李医生","adm_dept_codg":"K05","adm_dept_name":"普外科"},)"
                              R"("diseinfo":[],"agnterinfo":)" + agent_of_zhang("") + "}");
  ASSERT_EQ(adm.infcode(), 0) << adm.http.body;
  EXPECT_EQ(agent_rows(), before + 1);
}

}  // namespace
}  // namespace yibao::testing
