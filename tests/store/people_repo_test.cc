// PeopleRepo's joined read (insured_by_id / insured_by_psn_no) on both stores: a person with
// every enrolment in start-date order and the count of active records under the ID number — a
// person without an enrolment still comes back (the LEFT JOIN's row of NULLs is no enrolment),
// an unknown one does not.
#include <gtest/gtest.h>

#include "store/people_repo.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

class InsuredRead : public StoreTest {
 protected:
  std::int64_t add_person(const std::string& psn_no, const std::string& id_number, const std::string& status = "active") {
    return db_->write([&](Tx& tx) {
      PersonRow p;
      p.psn_no = psn_no;
      p.id_number = id_number;
      p.name = "测试";
      p.gend = "1";
      p.birth_date = "1980-01-01";
      p.status = status;
      p.created_at_us = 1;
      return PeopleRepo::insert_person(tx, p);
    });
  }
  void enrol(std::int64_t person, const std::string& insutype, const std::string& start, bool current,
             std::optional<std::string> end = std::nullopt) {
    db_->write([&](Tx& tx) {
      EnrolmentRow e;
      e.person_id = person;
      e.insutype = insutype;
      e.admdvs = "110105";
      e.psn_type = insutype == "310" ? "1101" : "1501";
      e.status = end ? "terminated" : "normal";
      e.start_date = start;
      e.end_date = std::move(end);
      e.benefits_from = start;
      e.emp_name = insutype == "310" ? std::optional<std::string>("某公司") : std::nullopt;
      e.is_current = current;
      e.created_at_us = 2;
      PeopleRepo::insert_enrolment(tx, e);
    });
  }
};

TEST_P(InsuredRead, APersonComesWithEveryEnrolmentInStartOrderAndTheDuplicateCount) {
  const auto id = add_person("110105000000000901", "110105198001010011");
  enrol(id, "310", "2020-03-01", true);
  enrol(id, "390", "2015-01-01", false, std::string("2020-02-29"));
  add_person("110105000000000902", "110105198001010011");            // a second active record
  add_person("110105000000000903", "110105198001010011", "merged");  // not counted

  auto by_psn = db_->read([&](Tx& tx) { return PeopleRepo::insured_by_psn_no(tx, "110105000000000901"); });
  ASSERT_TRUE(by_psn);
  EXPECT_EQ(by_psn->person.id, id);
  EXPECT_EQ(by_psn->active_records_with_id_number, 2);
  ASSERT_EQ(by_psn->enrolments.size(), 2u);
  EXPECT_EQ(by_psn->enrolments[0].insutype, "390");
  EXPECT_EQ(by_psn->enrolments[0].end_date, std::optional<std::string>("2020-02-29"));
  EXPECT_FALSE(by_psn->enrolments[0].emp_name);
  EXPECT_FALSE(by_psn->enrolments[0].is_current);
  EXPECT_EQ(by_psn->enrolments[1].insutype, "310");
  EXPECT_EQ(by_psn->enrolments[1].emp_name, std::optional<std::string>("某公司"));
  EXPECT_TRUE(by_psn->enrolments[1].is_current);
  EXPECT_EQ(by_psn->enrolments[1].person_id, id);

  auto by_id = db_->read([&](Tx& tx) { return PeopleRepo::insured_by_id(tx, id); });
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->person.psn_no, "110105000000000901");
  EXPECT_EQ(by_id->enrolments.size(), 2u);
}

TEST_P(InsuredRead, APersonWithoutEnrolmentComesBackWithNoneAndAnUnknownOneNotAtAll) {
  const auto id = add_person("110105000000000911", "110105198001010022");
  auto lone = db_->read([&](Tx& tx) { return PeopleRepo::insured_by_id(tx, id); });
  ASSERT_TRUE(lone);
  EXPECT_EQ(lone->person.psn_no, "110105000000000911");
  EXPECT_TRUE(lone->enrolments.empty());
  EXPECT_EQ(lone->active_records_with_id_number, 1);
  EXPECT_FALSE(db_->read([&](Tx& tx) { return PeopleRepo::insured_by_psn_no(tx, "110105000000000999"); }));
  EXPECT_FALSE(db_->read([&](Tx& tx) { return PeopleRepo::insured_by_id(tx, id + 1000); }));
}

YIBAO_INSTANTIATE_STORE_TEST(InsuredRead);

}  // namespace
}  // namespace yibao::store
