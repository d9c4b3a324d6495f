// 目录维护 rules (domain/catalogue_rules): a row's fields at their edges, and the CSV reader's
// report of every broken line.
#include "domain/catalogue_rules.h"

#include <gtest/gtest.h>

namespace yibao::domain {
namespace {

CatalogueRowText good() { return {"XSH001", "上海增补药品", "乙", "09", "12.50", "", "2026-01-01", "", ""}; }

TEST(CatalogueRules, AGoodRowIsNormalised) {
  auto r = catalogue_row(good());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->chrgitm_lv, "02");
  EXPECT_EQ(r->price_cap_fen, 1250);
  EXPECT_TRUE(r->account_scope);
  EXPECT_EQ(r->vali_flag, "1");
  EXPECT_FALSE(r->enddate);
}

TEST(CatalogueRules, EachBadFieldIsNamed) {
  const auto field_of = [](CatalogueRowText t) { return catalogue_row(t).error().field; };
  auto t = good();
  t.med_list_codg = "X Y";
  EXPECT_EQ(field_of(t), "med_list_codg");
  t = good();
  t.name = "";
  EXPECT_EQ(field_of(t), "name");
  t = good();
  t.chrgitm_lv = "04";
  EXPECT_EQ(field_of(t), "chrgitm_lv");
  for (const char* type : {"00", "15", "9", "AB"}) {
    t = good();
    t.med_chrgitm_type = type;
    EXPECT_EQ(field_of(t), "med_chrgitm_type") << type;
  }
  t = good();
  t.med_chrgitm_type = "14";
  EXPECT_TRUE(catalogue_row(t).ok());
  t = good();
  t.price_cap = "1.005";
  EXPECT_EQ(field_of(t), "price_cap");
  t = good();
  t.account_scope = "2";
  EXPECT_EQ(field_of(t), "account_scope");
  t = good();
  t.begndate = "2026-02-30";
  EXPECT_EQ(field_of(t), "begndate");
  t = good();
  t.enddate = "2025-12-31";
  EXPECT_EQ(field_of(t), "enddate") << "before begndate";
  t = good();
  t.enddate = "2026-01-01";
  EXPECT_TRUE(catalogue_row(t).ok()) << "one day of validity";
  t = good();
  t.vali_flag = "x";
  EXPECT_EQ(field_of(t), "vali_flag");
}

TEST(CatalogueRules, TheCsvIsReadWithQuotesBomAndCrlfAndEveryBrokenLineReported) {
  const std::string header = std::string(kCatalogueCsvHeader);
  auto ok = read_catalogue_csv("\xEF\xBB\xBF" + header + "\r\nA1,\"名称, 含逗号 \"\"引号\"\"\",01,09,,1,2026-01-01,,1\r\n\r\n");
  ASSERT_TRUE(ok.errors.empty()) << ok.errors.front().message;
  ASSERT_EQ(ok.rows.size(), 1u);
  EXPECT_EQ(ok.rows[0].name, "名称, 含逗号 \"引号\"");

  auto bad = read_catalogue_csv(header + "\nA1,a,01,09,,1,2026-01-01,,1\nA2,b,05,09,,1,2026-01-01,,1\nA3,c,01\nA1,d,01,09,,1,2026-01-01,,1\n");
  ASSERT_EQ(bad.errors.size(), 3u);
  EXPECT_EQ(bad.errors[0].line, 3u);
  EXPECT_EQ(bad.errors[0].field, "chrgitm_lv");
  EXPECT_EQ(bad.errors[1].line, 4u);
  EXPECT_EQ(bad.errors[2].line, 5u);
  EXPECT_EQ(bad.errors[2].field, "med_list_codg") << "a code twice in one file";

  EXPECT_EQ(read_catalogue_csv("code,name\nA,B\n").errors.at(0).line, 1u) << "the header is checked";
  EXPECT_EQ(read_catalogue_csv(header + "\nA1,\"never closed,01,09,,1,2026-01-01,,1\n").errors.size(), 1u);
}

}  // namespace
}  // namespace yibao::domain
