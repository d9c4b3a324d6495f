// Refusals name the field in Chinese for the counter operator; the path stays the field.
#include <gtest/gtest.h>

#include "http/api/fsi_envelope.h"
#include "http/api/fsi_labels.h"

namespace yibao::http::api::fsi {
namespace {

namespace json = boost::json;
using core::Reason;

TEST(FsiLabels, NationalFieldNamesHaveChineseLabels) {
  EXPECT_EQ(field_label("psn_no"), "人员编号");
  EXPECT_EQ(field_label("mdtrt_id"), "就诊ID");
  EXPECT_EQ(field_label("dise_codg"), "病种编码");
  EXPECT_EQ(field_label("diseinfo"), "诊断信息");
  EXPECT_EQ(field_label("drugdetail"), "药品明细");
  EXPECT_EQ(field_label("vali_flag"), "有效标志");
  EXPECT_EQ(field_label("acct_used_flag"), "个人账户使用标志");
  EXPECT_EQ(field_label("no_such_field"), "");
}

TEST(FsiLabels, APathIsLabelledByItsLastSegment) {
  EXPECT_EQ(labelled("data.psn_no"), "人员编号（data.psn_no）");
  EXPECT_EQ(labelled("diseinfo[2].diag_code"), "诊断代码（diseinfo[2].diag_code）");
  EXPECT_EQ(labelled("insuplc_admdvs"), "参保地医保区划（insuplc_admdvs）");
  EXPECT_EQ(labelled("data.exp_content"), "data.exp_content");
}

TEST(FsiLabels, AMissingFieldIsRefusedWithItsLabelAndKeepsThePathAsField) {
  auto o = parse_exact(R"({"psn_no":"","medfee_sumamt":"x","psn_cert_type":""})");
  ASSERT_TRUE(o.ok());
  auto missing = text(*o, "data", "psn_no", true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(missing.error().field, "data.psn_no");
  EXPECT_EQ(missing.error().detail, "人员编号（data.psn_no）");
  auto bad = amount_fen(*o, "data", "medfee_sumamt", true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "data.medfee_sumamt");
  EXPECT_EQ(bad.error().detail.rfind("医疗费总额（data.medfee_sumamt）", 0), 0u) << bad.error().detail;
  // An empty optional field is absent, not an error.
  auto empty = text(*o, "data", "psn_cert_type", false);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(*empty);

  Reply reply{"110105202611231000000000000001", "20261123100000000", "20261123100000001"};
  const auto answer = json::parse(render_failure(reply, missing.error())).as_object();
  EXPECT_EQ(std::string(answer.at("err_msg").as_string()).rfind("缺少必填项：人员编号（data.psn_no）。", 0), 0u)
      << answer.at("err_msg").as_string();
  EXPECT_EQ(answer.at("err_field").as_string(), "data.psn_no");
}

TEST(FsiLabels, AWarningGoesIntoWarnMsgAndIsNullOtherwise) {
  Reply reply{"110105202611231000000000000001", "20261123100000000", "20261123100000001"};
  const std::string output = R"({"setlinfo":{"acct_mulaid_pay":0.00}})";
  EXPECT_TRUE(json::parse(render_success(reply, output)).as_object().at("warn_msg").is_null());
  const auto warned = render_success(reply, output, "家庭共济未支付：共济人账户余额不足");
  EXPECT_EQ(warned.find(std::string("{\"output\":") + output + ","), 0u) << "the output is still spliced verbatim";
  EXPECT_EQ(json::parse(warned).as_object().at("warn_msg").as_string(), "家庭共济未支付：共济人账户余额不足");
}

}  // namespace
}  // namespace yibao::http::api::fsi
