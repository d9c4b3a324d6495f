// The reference cache (store/reference_cache.h) on both stores: institution keys, region
// policies and catalogue items are read once, yet a change made through this database is seen
// by the very next read, a transaction sees its own uncommitted change, and a change that
// rolled back is never served.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/admin_repo.h"
#include "store/catalogue_repo.h"
#include "store/institution_repo.h"
#include "store/reference_cache.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

class ReferenceCaching : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([](Tx& tx) {
      InstitutionRepo::upsert(tx, InstitutionRow{"H44030500001", "南山医院", "hospital", "3", "440305", "key-1", "active"},
                              1);
      AdminRepo::save_policy(tx, PolicyRow{"440300", "深圳市", R"({"qr_ttl_seconds":60})", 1, 1, "test"}, "v1");
      CatalogueRepo::upsert(tx, CatalogueItem{"000000", "XA01", "阿莫西林", "01", "09", 1000, true});
    });
  }

  std::optional<PolicyRow> policy_of_nanshan(Tx& tx) {
    return AdminRepo::most_specific_policy(tx, "440305", "440300", "440000");
  }
  std::optional<PolicyRow> policy_of_nanshan() {
    return db_->read([&](Tx& tx) { return policy_of_nanshan(tx); });
  }
  std::map<std::string, CatalogueItem> items(const std::vector<std::string>& codes) {
    return db_->read([&](Tx& tx) { return CatalogueRepo::find_many(tx, "440305", codes); });
  }
};

TEST_P(ReferenceCaching, AnInstitutionsNewKeyAndStatusAreSeenByTheNextCall) {
  ASSERT_EQ(InstitutionRepo::find_cached(*db_, "H44030500001")->secret, "key-1");
  ASSERT_EQ(InstitutionRepo::find_cached(*db_, "H44030500001")->secret, "key-1");  // now from the cache
  db_->write([](Tx& tx) { InstitutionRepo::set_secret(tx, "H44030500001", "key-2"); });
  EXPECT_EQ(InstitutionRepo::find_cached(*db_, "H44030500001")->secret, "key-2");
  db_->write([](Tx& tx) { InstitutionRepo::set_status(tx, "H44030500001", "suspended"); });
  EXPECT_EQ(InstitutionRepo::find_cached(*db_, "H44030500001")->status, "suspended");
}

TEST_P(ReferenceCaching, AnUnknownInstitutionIsNotRememberedAsUnknown) {
  EXPECT_FALSE(InstitutionRepo::find_cached(*db_, "H44030500009").has_value());
  db_->write([](Tx& tx) {
    InstitutionRepo::insert_new(tx, InstitutionRow{"H44030500009", "新医院", "hospital", "1", "440305", "k", "active"}, 2);
  });
  EXPECT_TRUE(InstitutionRepo::find_cached(*db_, "H44030500009").has_value());
}

TEST_P(ReferenceCaching, ASavedPolicyIsSeenByTheNextSettlement) {
  ASSERT_EQ(policy_of_nanshan()->version, 1);
  ASSERT_EQ(policy_of_nanshan()->version, 1);
  db_->write([](Tx& tx) {
    AdminRepo::save_policy(tx, PolicyRow{"440300", "深圳市", R"({"qr_ttl_seconds":90})", 2, 2, "test"}, "v2");
  });
  EXPECT_EQ(policy_of_nanshan()->version, 2);
  EXPECT_EQ(policy_of_nanshan()->knobs, R"({"qr_ttl_seconds":90})");
}

TEST_P(ReferenceCaching, ARegionWithoutItsOwnRowGetsOneTheMomentItIsSaved) {
  const auto longgang = [&] {
    return db_->read([](Tx& tx) { return AdminRepo::most_specific_policy(tx, "440307", "440300", "440000"); });
  };
  ASSERT_EQ(longgang()->admdvs, "440300");  // the city's row, remembered for 440307
  db_->write([](Tx& tx) { AdminRepo::save_policy(tx, PolicyRow{"440307", "龙岗区", "{}", 1, 3, "test"}, "own row"); });
  EXPECT_EQ(longgang()->admdvs, "440307");
}

TEST_P(ReferenceCaching, ATransactionSeesItsOwnChangeAndARolledBackChangeIsNeverServed) {
  ASSERT_EQ(policy_of_nanshan()->version, 1);  // cached
  const core::Status refused = db_->write([&](Tx& tx) -> core::Status {
    AdminRepo::save_policy(tx, PolicyRow{"440300", "深圳市", R"({"qr_ttl_seconds":30})", 2, 2, "test"}, "draft");
    EXPECT_EQ(policy_of_nanshan(tx)->version, 2) << "its own uncommitted row, not the cached one";
    return core::Error{core::Reason::FIELD_INVALID, "refused after saving"};
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(policy_of_nanshan()->version, 1);
  EXPECT_EQ(policy_of_nanshan()->version, 1);
}

TEST_P(ReferenceCaching, CatalogueChangesAndNewItemsAreSeenAtOnce) {
  auto first = items({"XA01", "XB02"});
  ASSERT_EQ(first.at("XA01").price_cap_fen, 1000);
  ASSERT_FALSE(first.contains("XB02"));  // unknown here: remembered as unknown
  ASSERT_EQ(items({"XA01", "XB02"}).size(), 1u);
  db_->write([](Tx& tx) {
    CatalogueRepo::upsert(tx, CatalogueItem{"000000", "XA01", "阿莫西林", "01", "09", 1200, true});
    CatalogueRepo::upsert(tx, CatalogueItem{"440305", "XB02", "南山自定项目", "02", "14", 0, false});
  });
  const auto after = items({"XA01", "XB02"});
  EXPECT_EQ(after.at("XA01").price_cap_fen, 1200);
  ASSERT_TRUE(after.contains("XB02"));
  EXPECT_EQ(after.at("XB02").chrgitm_lv, "02");
}

TEST_P(ReferenceCaching, APlacesOwnCatalogueRowStillWinsOverTheNationalOne) {
  ASSERT_EQ(items({"XA01"}).at("XA01").admdvs, "000000");
  db_->write([](Tx& tx) { CatalogueRepo::upsert(tx, CatalogueItem{"440305", "XA01", "阿莫西林", "02", "09", 800, true}); });
  const auto here = items({"XA01"});
  EXPECT_EQ(here.at("XA01").admdvs, "440305");
  EXPECT_EQ(here.at("XA01").price_cap_fen, 800);
  // Elsewhere the national row still applies.
  const auto elsewhere = db_->read([](Tx& tx) { return CatalogueRepo::find_many(tx, "110105", {"XA01"}); });
  EXPECT_EQ(elsewhere.at("XA01").admdvs, "000000");
}

YIBAO_INSTANTIATE_STORE_TEST(ReferenceCaching);

}  // namespace
}  // namespace yibao::store
