// 1301's file (services/catalogue_file): the version a HIS sends back, and the rows' text.
#include "services/catalogue_file.h"

#include <gtest/gtest.h>

namespace yibao::services {
namespace {

TEST(CatalogueFile, VersionZeroOrEmptyIsEverythingAndAVersionIsItsTime) {
  EXPECT_EQ(*updt_time_of_ver("0"), "");
  EXPECT_EQ(*updt_time_of_ver(""), "");
  EXPECT_EQ(*updt_time_of_ver("20261101083000"), "2026-11-01 08:30:00");
  for (const char* bad : {"2026110108300", "202611010830001", "20261301083000", "2026-11-01", "abcdefghijklmn"}) {
    const auto refused = updt_time_of_ver(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "data.ver");
  }
}

TEST(CatalogueFile, OnlyWesternAndPatentMedicinesAreInTheFile) {
  store::CatalogueItem item;
  for (const char* type : {"09", "11"}) {
    item.med_chrgitm_type = type;
    EXPECT_TRUE(is_western_or_patent_medicine(item)) << type;
  }
  for (const char* type : {"10", "08", "03", "01"}) {
    item.med_chrgitm_type = type;
    EXPECT_FALSE(is_western_or_patent_medicine(item)) << type;
  }
}

TEST(CatalogueFile, RowsAreTabSeparatedInTheDocumentedOrder) {
  store::CatalogueItem capped{"000000", "XJ01", "阿莫西林\t胶囊", "01", "09", 120, true};
  capped.updt_time = "2026-11-01 08:30:00";
  capped.ver = 3;
  store::CatalogueItem open{"110105", "Z01", "连花清瘟", "02", "11", 0, false};
  open.enddate = "2026-12-31";
  open.vali_flag = "0";
  open.updt_time = "2026-11-02 09:00:00";
  EXPECT_EQ(catalogue_tsv({capped, open}),
            "XJ01\t阿莫西林 胶囊\t01\t09\t1.20\t1\t000000\t2026-01-01\t\t1\t2026-11-01 08:30:00\t3\n"
            "Z01\t连花清瘟\t02\t11\t\t0\t110105\t2026-01-01\t2026-12-31\t0\t2026-11-02 09:00:00\t1\n");
}

}  // namespace
}  // namespace yibao::services
