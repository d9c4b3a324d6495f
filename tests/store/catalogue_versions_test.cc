// issue 15 (1312 医保目录信息查询, migration 0013) on both stores: a catalogue row's version
// grows only when the row changes, and then its updt_time moves, so the page of rows changed
// since a time is the increment; pages are stable and the reference cache serves the new version.
// Issue 19: the place of treatment's most specific valid row is the one settlement uses.
#include <gtest/gtest.h>

#include "store/catalogue_repo.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

CatalogueItem item(const std::string& admdvs, const std::string& code, std::int64_t cap, const std::string& updt_time) {
  CatalogueItem c{admdvs, code, "项目 " + code, "01", "09", cap, true};
  c.updt_time = updt_time;
  return c;
}

class CatalogueVersions : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([](Tx& tx) {
      CatalogueRepo::upsert(tx, item("000000", "XA01", 100, "2026-11-01 08:00:00"));
      CatalogueRepo::upsert(tx, item("000000", "XA02", 200, "2026-11-02 08:00:00"));
      CatalogueRepo::upsert(tx, item("440305", "XA01", 90, "2026-11-03 08:00:00"));
    });
  }
  CataloguePage page(CataloguePageQuery q) {
    return db_->read([&](Tx& tx) { return CatalogueRepo::page(tx, q); });
  }
};

TEST_P(CatalogueVersions, PagesAreStableInUpdateOrderAndCountEveryMatch) {
  CataloguePageQuery q;
  q.page_size = 2;
  auto first = page(q);
  EXPECT_EQ(first.record_counts, 3);
  ASSERT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.rows[0].med_list_codg, "XA01");
  EXPECT_EQ(first.rows[0].admdvs, "000000");
  EXPECT_EQ(first.rows[1].med_list_codg, "XA02");
  EXPECT_EQ(first.rows[0].ver, 1);
  EXPECT_EQ(first.rows[0].vali_flag, "1");
  EXPECT_EQ(first.rows[0].begndate, "2026-01-01");
  EXPECT_FALSE(first.rows[0].enddate.has_value());
  q.page_num = 2;
  auto second = page(q);
  ASSERT_EQ(second.rows.size(), 1u);
  EXPECT_EQ(second.rows[0].admdvs, "440305");
  q.page_num = 3;
  EXPECT_TRUE(page(q).rows.empty());
  EXPECT_EQ(page(q).record_counts, 3);

  CataloguePageQuery by_code;
  by_code.hilist_code = "XA01";
  EXPECT_EQ(page(by_code).record_counts, 2);
  by_code.admdvs = "440305";
  ASSERT_EQ(page(by_code).rows.size(), 1u);
  EXPECT_EQ(page(by_code).rows[0].price_cap_fen, 90);
}

TEST_P(CatalogueVersions, OnlyAChangeRaisesTheVersionAndShowsInTheIncrement) {
  const auto cached_read = [&] { return db_->read([](Tx& tx) { return CatalogueRepo::find_many(tx, "110105", {"XA02"}); }); };
  ASSERT_EQ(cached_read().at("XA02").ver, 1);  // now in the reference cache
  // The same row again (a re-seed): nothing changes, not even its time.
  db_->write([](Tx& tx) { CatalogueRepo::upsert(tx, item("000000", "XA02", 200, "2026-11-20 08:00:00")); });
  CataloguePageQuery since;
  since.updt_time = "2026-11-10 00:00:00";
  EXPECT_EQ(page(since).record_counts, 0);

  auto changed = item("000000", "XA02", 250, "2026-11-21 08:00:00");
  changed.enddate = "2026-12-31";
  db_->write([&](Tx& tx) { CatalogueRepo::upsert(tx, changed); });
  auto increment = page(since);
  ASSERT_EQ(increment.rows.size(), 1u);
  EXPECT_EQ(increment.rows[0].med_list_codg, "XA02");
  EXPECT_EQ(increment.rows[0].ver, 2);
  EXPECT_EQ(increment.rows[0].updt_time, "2026-11-21 08:00:00");
  EXPECT_EQ(increment.rows[0].enddate, "2026-12-31");
  EXPECT_EQ(increment.rows[0].price_cap_fen, 250);

  // The settlement's cached read sees the new version at once.
  EXPECT_EQ(cached_read().at("XA02").ver, 2);
  EXPECT_EQ(cached_read().at("XA02").price_cap_fen, 250);

  // Withdrawn (vali_flag 0) is a change too.
  changed.vali_flag = "0";
  changed.updt_time = "2026-11-22 08:00:00";
  db_->write([&](Tx& tx) { CatalogueRepo::upsert(tx, changed); });
  EXPECT_EQ(page(since).rows.at(0).ver, 3);
  EXPECT_EQ(page(since).rows.at(0).vali_flag, "0");

  // …and settlement no longer finds a withdrawn row (issue 19): the item is outside the
  // catalogue, at once, cache or not.
  EXPECT_FALSE(cached_read().contains("XA02"));

  CataloguePageQuery from;
  from.begndate = "2027-01-01";
  EXPECT_EQ(page(from).record_counts, 0);
}

// issue 19 目录维护: a province's or city's row applies at every place below it, the most
// specific row wins, and a withdrawn override falls back to the national row.
TEST_P(CatalogueVersions, TheMostSpecificValidRowOfThePlaceOfTreatmentWins) {
  const auto at = [&](const std::string& place) {
    return db_->read([&](Tx& tx) { return CatalogueRepo::find_many(tx, place, {"XA01", "XA02"}); });
  };
  db_->write([](Tx& tx) {
    CatalogueRepo::upsert(tx, item("440000", "XA02", 210, "2026-11-04 08:00:00"));  // 广东省
    CatalogueRepo::upsert(tx, item("440300", "XA02", 220, "2026-11-05 08:00:00"));  // 深圳市
  });
  EXPECT_EQ(at("440305").at("XA01").price_cap_fen, 90) << "南山's own row";
  EXPECT_EQ(at("440305").at("XA02").price_cap_fen, 220) << "the city's over the province's";
  EXPECT_EQ(at("440106").at("XA02").price_cap_fen, 210) << "广州天河: the province's";
  EXPECT_EQ(at("110105").at("XA02").price_cap_fen, 200) << "北京: national";
  EXPECT_EQ(at("440106").at("XA01").price_cap_fen, 100);

  auto withdrawn = item("440300", "XA02", 220, "2026-11-06 08:00:00");
  withdrawn.vali_flag = "0";
  db_->write([&](Tx& tx) { CatalogueRepo::upsert(tx, withdrawn); });
  EXPECT_EQ(at("440305").at("XA02").price_cap_fen, 210) << "the city withdrew its row: the province's again";
  auto gone = item("000000", "XA01", 100, "2026-11-06 08:00:00");
  gone.vali_flag = "0";
  db_->write([&](Tx& tx) { CatalogueRepo::upsert(tx, gone); });
  EXPECT_FALSE(at("110105").contains("XA01")) << "withdrawn nationally: outside the catalogue";
  EXPECT_EQ(at("440305").at("XA01").price_cap_fen, 90) << "南山 keeps its own";

  // Validity dates: on the day of the fees only a row valid that day applies.
  auto until_june = item("440300", "XA02", 230, "2026-11-07 08:00:00");
  until_june.begndate = "2026-03-01";
  until_june.enddate = "2026-06-30";
  db_->write([&](Tx& tx) { CatalogueRepo::upsert(tx, until_june); });
  const auto on = [&](const std::string& day) {
    return db_->read([&](Tx& tx) { return CatalogueRepo::find_many(tx, "440305", {"XA02"}, day); }).at("XA02").price_cap_fen;
  };
  EXPECT_EQ(on("2026-06-30"), 230) << "the city's row on its last day";
  EXPECT_EQ(on("2026-07-01"), 210) << "expired: the province's";
  EXPECT_EQ(on("2026-02-28"), 210) << "not yet valid: the province's";
  EXPECT_EQ(on("2026-03-01"), 230);
}

YIBAO_INSTANTIATE_STORE_TEST(CatalogueVersions);

}  // namespace
}  // namespace yibao::store
