// The agency's policy editor and institution registry, on both stores: every knob validated
// before anything is written, a version history with who and why, optimistic concurrency,
// staff confined to their region, and institution keys that work at once and die on rotation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "services/agency_admin_service.h"
#include "services/institution_auth.h"
#include "services/policy_lookup.h"
#include "store/family_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

boost::json::object knobs(const char* text) { return boost::json::parse(text).as_object(); }

class AgencyAdmin : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = std::make_unique<services::AgencyAdminService>(*ctx_);
    add_staff("bj", "110000", "pw");
    add_staff("sz", "440300", "pw");
    bj_ = *db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj"); });
    sz_ = *db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "sz"); });
  }
  domain::RegionPolicy effective(const std::string& admdvs) {
    return db_->read([&](store::Tx& tx) { return services::policy_for(tx, admdvs); });
  }
  std::unique_ptr<services::AgencyAdminService> admin_;
  store::StaffRow bj_, sz_;
};

TEST_P(AgencyAdmin, SavingAPolicyVersionsItKeepsTheHistoryAndTakesEffect) {
  auto v1 = admin_->save_policy(bj_, {"110105", knobs(R"({"monthly_binding_limit":3})"), 0, "按市局通知调整"});
  ASSERT_TRUE(v1.ok()) << code_of(v1);
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v1->name, "北京市朝阳区");
  EXPECT_EQ(effective("110105").monthly_binding_limit, 3);

  auto v2 = admin_->save_policy(bj_, {"110105", knobs(R"({"monthly_binding_limit":4,"member_face_age":14})"), 1, "第二次"});
  ASSERT_TRUE(v2.ok()) << code_of(v2);
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(effective("110105").member_face_age, 14);

  auto history = admin_->policy_history("110105");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 2);
  EXPECT_EQ((*history)[0].note, "第二次");
  EXPECT_EQ((*history)[0].changed_by, "bj");
  EXPECT_EQ((*history)[1].knobs, R"({"monthly_binding_limit":3})");
}

TEST_P(AgencyAdmin, AStaleVersionIsRefusedAndChangesNothing) {
  ASSERT_TRUE(admin_->save_policy(bj_, {"110105", knobs(R"({"monthly_binding_limit":3})"), 0, "一"}).ok());
  auto stale = admin_->save_policy(bj_, {"110105", knobs(R"({"monthly_binding_limit":2})"), 0, "二"});
  EXPECT_EQ(code_of(stale), "POLICY_VERSION_CONFLICT");
  EXPECT_EQ(effective("110105").monthly_binding_limit, 3);
  EXPECT_EQ(admin_->policy_history("110105")->size(), 1u);
}

TEST_P(AgencyAdmin, EveryBadInputIsRefusedWithItsOwnReasonAndWritesNothing) {
  EXPECT_EQ(code_of(admin_->save_policy(bj_, {"110105", knobs(R"({"monthly_binding_limit":"five"})"), 0, "x"})),
            "FIELD_INVALID");
  EXPECT_EQ(code_of(admin_->save_policy(bj_, {"110105", knobs(R"({"no_such_knob":1})"), 0, "x"})), "FIELD_INVALID");
  EXPECT_EQ(code_of(admin_->save_policy(bj_, {"110105", knobs("{}"), 0, ""})), "FIELD_MISSING");
  EXPECT_EQ(code_of(admin_->save_policy(bj_, {"11010", knobs("{}"), 0, "x"})), "ADMDVS_INVALID");
  EXPECT_EQ(code_of(admin_->save_policy(bj_, {"440305", knobs("{}"), 0, "x"})), "STAFF_OUT_OF_REGION");
  EXPECT_TRUE(admin_->policy_history("110105")->empty());
  EXPECT_TRUE(admin_->policy_history("440305")->empty());
}

// Lowering max_active_members ends the holder's newest bindings in the saving transaction, with
// the reason policy_change; the policy and the unbinding land together or not at all.
TEST_P(AgencyAdmin, LoweringTheMemberLimitEndsTheNewestBindingsWithTheReasonPolicyChange) {
  const auto holder = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  std::vector<std::int64_t> bindings;
  for (int i = 0; i < 3; ++i) {
    const auto member = add_person({"成员" + std::to_string(i), make_id_number("110105", today(), 10 + i, 20 + i), "390"});
    bindings.push_back(db_->write([&](store::Tx& tx) {
      store::FamilyBindingRow b;
      b.holder_person_id = holder;
      b.member_person_id = member;
      b.route = "id_number";
      b.relation = "child";
      b.status = "draft";
      b.channel = "app";
      b.member_name = "成员" + std::to_string(i);
      b.created_at_us = services::now_us(*clock_) + i;
      b.id = store::FamilyRepo::insert(tx, b);
      store::FamilyRepo::activate(tx, b.id, b.created_at_us, "2026-11");
      return b.id;
    }));
  }
  auto refused = admin_->save_policy(bj_, {"110105", knobs(R"({"max_active_members":0})"), 0, "越界"});
  EXPECT_EQ(code_of(refused), "FIELD_INVALID");
  ASSERT_TRUE(admin_->save_policy(bj_, {"110105", knobs(R"({"max_active_members":1})"), 0, "每人只能绑定一名"}).ok());
  db_->read([&](store::Tx& tx) {
    EXPECT_EQ(store::FamilyRepo::find(tx, bindings[0])->status, "active") << "the oldest stays";
    for (int i : {1, 2}) {
      const auto row = store::FamilyRepo::find(tx, bindings[static_cast<std::size_t>(i)]);
      EXPECT_EQ(row->status, "unbound");
      EXPECT_EQ(row->unbind_reason, "policy_change");
    }
  });
}

TEST_P(AgencyAdmin, ARegisteredInstitutionAuthenticatesWithItsKeyUntilTheKeyIsRotated) {
  auto reg = admin_->register_institution(sz_, "H44030500077", "深圳市南山区测试医院", "2");
  ASSERT_TRUE(reg.ok()) << code_of(reg);
  EXPECT_EQ(reg->row.kind, "hospital");
  EXPECT_EQ(reg->row.admdvs, "440305");
  EXPECT_EQ(reg->row.secret.size(), 64u);

  auto sign = [&](const std::string& secret, const std::string& nonce) {
    const auto ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(clock_->now().time_since_epoch()).count());
    return services::TifHeaders{"H44030500077", ts, nonce, services::tif_signature(ts, secret, nonce)};
  };
  EXPECT_TRUE(services::authenticate_institution(*ctx_, sign(reg->row.secret, "n1")).ok());

  auto rotated = admin_->rotate_key(sz_, "H44030500077");
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated->row.secret, reg->row.secret);
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, sign(reg->row.secret, "n2"))), "INSTITUTION_AUTH_FAILED");
  EXPECT_TRUE(services::authenticate_institution(*ctx_, sign(rotated->row.secret, "n3")).ok());

  ASSERT_TRUE(admin_->set_status(sz_, "H44030500077", "suspended", "违规，暂停结算").ok());
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, sign(rotated->row.secret, "n4"))), "INSTITUTION_SUSPENDED");
  ASSERT_TRUE(admin_->set_status(sz_, "H44030500077", "active", "整改完成").ok());
  EXPECT_TRUE(services::authenticate_institution(*ctx_, sign(rotated->row.secret, "n5")).ok());
}

TEST_P(AgencyAdmin, RegistrationRefusalsNameTheirReason) {
  EXPECT_EQ(code_of(admin_->register_institution(sz_, "H4403050007", "某医院", "2")), "INSTITUTION_CODE_INVALID");
  EXPECT_EQ(code_of(admin_->register_institution(sz_, "H11010500077", "某医院", "2")), "STAFF_OUT_OF_REGION");
  EXPECT_EQ(code_of(admin_->register_institution(sz_, "H44030500078", "某医院", "5")), "FIELD_INVALID");
  EXPECT_EQ(code_of(admin_->register_institution(sz_, "P44030500079", "某药房", "2")), "FIELD_INVALID");
  EXPECT_EQ(code_of(admin_->register_institution(sz_, "H44030500080", "", "2")), "FIELD_MISSING");
  ASSERT_TRUE(admin_->register_institution(sz_, "P44030500081", "某大药房", "").ok());
  auto again = admin_->register_institution(sz_, "P44030500081", "另一个名字", "");
  EXPECT_EQ(code_of(again), "INSTITUTION_ALREADY_REGISTERED");
  EXPECT_EQ(db_->read([](store::Tx& tx) { return store::InstitutionRepo::find(tx, "P44030500081"); })->name, "某大药房");
  EXPECT_EQ(code_of(admin_->rotate_key(bj_, "P44030500081")), "STAFF_OUT_OF_REGION");
  EXPECT_EQ(code_of(admin_->rotate_key(sz_, "P44030500099")), "INSTITUTION_NOT_FOUND");
  EXPECT_EQ(code_of(admin_->set_status(sz_, "P44030500081", "closed", "x")), "FIELD_INVALID");
}

YIBAO_INSTANTIATE_STORE_TEST(AgencyAdmin);

}  // namespace
}  // namespace yibao::testing
