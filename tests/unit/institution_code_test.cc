#include "core/institution_code.h"

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

TEST(InstitutionCode, ParsesHospitalCode) {
  auto code = InstitutionCode::parse("H11010500001");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->value(), "H11010500001");
  EXPECT_EQ(code->kind(), InstitutionKind::hospital);
  EXPECT_EQ(code->admdvs().value(), "110105");
  EXPECT_EQ(code->sequence(), "00001");
}

TEST(InstitutionCode, ParsesPharmacyCode) {
  auto code = InstitutionCode::parse("P44030500123");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->kind(), InstitutionKind::pharmacy);
  EXPECT_EQ(code->admdvs().value(), "440305");
}

TEST(InstitutionCode, RejectsWrongLengthSayingSo) {
  auto code = InstitutionCode::parse("H1101050001");
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.reason(), Reason::INSTITUTION_CODE_INVALID);
  EXPECT_NE(code.error().detail.find("12 位"), std::string::npos);
  EXPECT_EQ(InstitutionCode::parse("").reason(), Reason::INSTITUTION_CODE_INVALID);
}

TEST(InstitutionCode, RejectsKindLetterOtherThanHOrP) {
  for (std::string_view bad : {"X11010500001", "h11010500001", "111010500001"}) {
    auto code = InstitutionCode::parse(bad);
    ASSERT_FALSE(code.ok()) << bad;
    EXPECT_EQ(code.reason(), Reason::INSTITUTION_CODE_INVALID);
    EXPECT_NE(code.error().detail.find("第 1 位"), std::string::npos) << bad;
  }
}

TEST(InstitutionCode, RejectsNonDigitRegionPart) {
  auto code = InstitutionCode::parse("H1101A500001");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().detail.find("区划"), std::string::npos);
}

TEST(InstitutionCode, RejectsNonDigitSequencePart) {
  auto code = InstitutionCode::parse("H1101050000X");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().detail.find("顺序号"), std::string::npos);
}

TEST(InstitutionCode, WithDirectoryRejectsUnknownRegion) {
  auto regions = RegionDirectory::load(YIBAO_DEFAULT_REGIONS_FILE);
  ASSERT_TRUE(regions.ok()) << regions.error().detail;
  EXPECT_TRUE(InstitutionCode::parse("H11010500001", *regions).ok());
  EXPECT_EQ(InstitutionCode::parse("H99999900001", *regions).reason(), Reason::ADMDVS_UNKNOWN);
  EXPECT_EQ(InstitutionCode::parse("Z11010500001", *regions).reason(), Reason::INSTITUTION_CODE_INVALID);
}

}  // namespace
}  // namespace yibao::core
