// The institution envelope codec: exact numbers in and out, field errors named, replies
// spliced verbatim.
#include <gtest/gtest.h>

#include "http/api/fsi_envelope.h"

namespace yibao::http::api::fsi {
namespace {

namespace json = boost::json;
using core::Reason;

const char* kEnvelope = R"({"infno":"2207","msgid":"H11010500001202611231000000001","mdtrtarea_admvs":"110105",
  "insuplc_admdvs":"110105","recer_sys_code":"YBXT","infver":"V1.0","opter_type":"1","opter":"D001",
  "opter_name":"王医生","inf_time":"2026-11-23 10:00:00","fixmedins_code":"H11010500001",
  "fixmedins_name":"朝阳医院","sign_no":"","input":{"data":{"medfee_sumamt":12.30,"cnt":1.5,"big":1.23e1}}})";

TEST(FsiEnvelope, DecodesEveryMandatoryFieldAndKeepsNumbersExact) {
  auto e = decode_envelope(kEnvelope);
  ASSERT_TRUE(e.ok()) << core::info(e.reason()).code;
  EXPECT_EQ(e->infno, "2207");
  EXPECT_EQ(e->fixmedins_code, "H11010500001");
  const auto& data = e->input.at("data").as_object();
  EXPECT_EQ(number_text(data.at("medfee_sumamt")), "12.30");
  auto fen = amount_fen(data, "data", "medfee_sumamt", true);
  ASSERT_TRUE(fen.ok());
  EXPECT_EQ(**fen, 1230);
  EXPECT_EQ(**amount_fen(data, "data", "big", true), 1230);
  EXPECT_EQ(**quantity(data, "data", "cnt", true), 1500);
}

TEST(FsiEnvelope, AnAmountWithAThirdDecimalIsRefusedNotRounded) {
  auto o = parse_exact(R"({"a":0.105,"b":"7.1","c":true,"d":0.100})");
  ASSERT_TRUE(o.ok());
  auto a = amount_fen(*o, "data", "a", true);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(a.error().field, "data.a");
  EXPECT_EQ(**amount_fen(*o, "data", "b", true), 710);  // numeric strings are a common variant
  EXPECT_EQ(amount_fen(*o, "data", "c", true).reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(**amount_fen(*o, "data", "d", true), 10);
  EXPECT_EQ(amount_fen(*o, "data", "missing", true).reason(), Reason::FIELD_MISSING);
  EXPECT_FALSE(amount_fen(*o, "data", "missing", false).value().has_value());
}

TEST(FsiEnvelope, MissingFieldsAndWrongTypesNameTheField) {
  auto missing = decode_envelope(R"({"infno":"1101"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(missing.error().field, "msgid");

  std::string wrong = kEnvelope;
  wrong.replace(wrong.find(R"("infno":"2207")"), 14, R"("infno":2207)");
  auto typed = decode_envelope(wrong);
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(typed.error().field, "infno");

  EXPECT_EQ(decode_envelope("{not json").reason(), Reason::BODY_NOT_JSON);
  EXPECT_EQ(decode_envelope("[1,2]").reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(decode_envelope(R"({"a":01})").reason(), Reason::BODY_NOT_JSON);
  // A client string cannot pass itself off as a number literal.
  EXPECT_EQ(parse_exact(R"({"a":"\u00012"})").reason(), Reason::FIELD_INVALID);
}

TEST(FsiEnvelope, InputMayBeADoubleEncodedObject) {
  std::string doubled = kEnvelope;
  const auto at = doubled.find(R"("input":)");
  doubled = doubled.substr(0, at) + R"("input":"{\"data\":{\"x\":1.10}}"})";
  auto e = decode_envelope(doubled);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(**amount_fen(e->input.at("data").as_object(), "data", "x", true), 110);
}

TEST(FsiEnvelope, TheInputDigestIgnoresKeyOrderAndWhitespaceButNoValue) {
  auto digest = [](const char* text) { return input_digest(*parse_exact(text)); };
  const auto base = digest(R"({"data":{"psn_no":"P1","medfee_sumamt":12.30,"lines":[{"a":1,"b":"x"}]}})");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(digest(R"({ "data" : { "lines":[{"b":"x","a":1}], "medfee_sumamt":12.30, "psn_no":"P1" } })"), base);
  EXPECT_NE(digest(R"({"data":{"psn_no":"P1","medfee_sumamt":12.31,"lines":[{"a":1,"b":"x"}]}})"), base);
  EXPECT_NE(digest(R"({"data":{"psn_no":"P1","medfee_sumamt":12.3,"lines":[{"a":1,"b":"x"}]}})"), base)
      << "number literals as sent: 12.3 and 12.30 are different requests";
  EXPECT_NE(digest(R"({"data":{"psn_no":"P2","medfee_sumamt":12.30,"lines":[{"a":1,"b":"x"}]}})"), base);
  EXPECT_NE(digest(R"({"data":{"psn_no":"P1","medfee_sumamt":12.30,"lines":[{"b":"x"},{"a":1}]}})"), base);
  // decode_envelope fills it in.
  auto e = decode_envelope(kEnvelope);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->input_digest, input_digest(e->input));
}

TEST(FsiEnvelope, OutputNumbersAreWrittenWithExactlyTheirDigits) {
  json::object o{{"a", money(1230)}, {"b", money(-5)}, {"r", ratio_bp(8500)}, {"q", quantity_milli(1500)},
                 {"s", "文本"}};
  EXPECT_EQ(serialize_exact(o), R"({"a":12.30,"b":-0.05,"r":0.8500,"q":1.5000,"s":"文本"})");
}

TEST(FsiEnvelope, SuccessSplicesTheStoredOutputVerbatimAndFailureCarriesTheReason) {
  Reply reply{"110105202611231000000000000001", "20261123100000000", "20261123100000001"};
  const std::string output = R"({"setlinfo":{"acct_mulaid_pay":0.00}})";
  const auto ok = render_success(reply, output);
  EXPECT_EQ(ok.find(std::string("{\"output\":") + output + ","), 0u);
  auto parsed = json::parse(ok).as_object();
  EXPECT_EQ(parsed.at("infcode").as_int64(), 0);

  const auto bad = json::parse(render_failure(reply, core::Error{Reason::FSI_INFNO_UNSUPPORTED, "9999", "infno"})).as_object();
  EXPECT_EQ(bad.at("infcode").as_int64(), -1);
  EXPECT_EQ(bad.at("err_code").as_string(), "FSI_INFNO_UNSUPPORTED");
  EXPECT_NE(std::string(bad.at("err_msg").as_string()).find("不支持的交易编号"), std::string::npos);
  EXPECT_EQ(bad.at("err_field").as_string(), "infno");
}

TEST(FsiEnvelope, ScaledDecimalIsExact) {
  EXPECT_EQ(scaled_decimal("0.1", 2), 10);
  EXPECT_EQ(scaled_decimal("-3", 2), -300);
  EXPECT_EQ(scaled_decimal("2.5e-1", 2), 25);
  EXPECT_EQ(scaled_decimal("2.55e-1", 2), std::nullopt);
  EXPECT_EQ(scaled_decimal("1e30", 2), std::nullopt);
  EXPECT_EQ(scaled_decimal("abc", 2), std::nullopt);
}

}  // namespace
}  // namespace yibao::http::api::fsi
