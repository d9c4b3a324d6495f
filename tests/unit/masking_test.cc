#include "core/masking.h"

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

TEST(Masking, NameKeepsFirstCharacterOfTwoCharacterName) {
  EXPECT_EQ(mask_name("张三"), "张*");
}

TEST(Masking, NameKeepsFirstAndLastCharacterOfLongerNames) {
  EXPECT_EQ(mask_name("张三丰"), "张*丰");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧**娜");
  EXPECT_EQ(mask_name("阿卜杜·热合曼"), "阿*****曼");
}

TEST(Masking, NameCountsCodePointsNotBytes) {
  EXPECT_EQ(mask_name("Li"), "L*");
  EXPECT_EQ(mask_name("𠀋一"), "𠀋*");  // a 4-byte character
  EXPECT_EQ(mask_name("王"), "*");
  EXPECT_EQ(mask_name(""), "");
}

TEST(Masking, NameThatIsNotUtf8IsFullyHidden) {
  EXPECT_EQ(mask_name("\xE5\xBC"), "***");     // truncated 张
  EXPECT_EQ(mask_name("a\x80z"), "***");       // stray continuation byte
  EXPECT_EQ(mask_name("\xC0\xAF\xC0\xAF"), "***");  // overlong
}

TEST(Masking, PhoneKeepsFirstThreeAndLastFourDigits) {
  EXPECT_EQ(mask_phone("13800001234"), "138****1234");
  EXPECT_EQ(mask_phone("12345"), "*****");
}

TEST(Masking, RedactsIdNumbersInFreeText) {
  EXPECT_EQ(redact_id_numbers("身份证11010519491231002X已核验"), "身份证110***********002X已核验");
  EXPECT_EQ(redact_id_numbers("id=110105194912310021 and 11010519491231002x."),
            "id=110***********0021 and 110***********002x.");
  EXPECT_EQ(redact_id_numbers("110105194912310021"), "110***********0021");
}

TEST(Masking, RedactionLeavesOtherNumbersAlone) {
  const std::string text = "order 1234567890123456789 amount 12.30 psn 11010519491231002 phone 13800001234";
  EXPECT_EQ(redact_id_numbers(text), text);
  EXPECT_EQ(redact_id_numbers(""), "");
}

}  // namespace
}  // namespace yibao::core
