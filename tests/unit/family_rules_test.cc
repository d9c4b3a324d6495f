// 亲情账户 binding rules (domain.md §7): every blocker at once, the face age, the limits and
// the use scope.
#include <gtest/gtest.h>

#include "domain/family_rules.h"
#include "services/family_service.h"
#include "services/upload_images.h"

namespace yibao::domain {
namespace {

std::vector<std::string> codes(const std::vector<core::Error>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.emplace_back(core::info(e.reason).code);
  return out;
}

BindingFacts allowed() {
  BindingFacts f;
  f.holder_credential_active = true;
  f.relation = "child";
  f.member_found = true;
  f.member_age = 10;
  return f;
}

TEST(FamilyRules, ANormalBindingHasNoBlockers) { EXPECT_TRUE(binding_blockers(allowed(), RegionPolicy{}).empty()); }

TEST(FamilyRules, OnlyTheEightRelations) {
  for (const auto* r : {"spouse", "parent", "child", "grandparent", "maternal_grandparent", "grandchild",
                        "maternal_grandchild", "sibling"}) {
    EXPECT_TRUE(is_family_relation(r)) << r;
  }
  auto f = allowed();
  f.relation = "cousin";
  EXPECT_EQ(codes(binding_blockers(f, RegionPolicy{})), std::vector<std::string>{"RELATION_INVALID"});
}

TEST(FamilyRules, EveryBlockerIsListedNotJustTheFirst) {
  auto f = allowed();
  f.holder_credential_active = false;
  f.member_active_holders = 1;
  f.holder_active_members = 5;
  f.holder_bindings_this_month = 5;
  EXPECT_EQ(codes(binding_blockers(f, RegionPolicy{})),
            (std::vector<std::string>{"FAMILY_HOLDER_CREDENTIAL_INACTIVE", "FAMILY_MEMBER_BOUND_ELSEWHERE",
                                      "FAMILY_MAX_ACTIVE_MEMBERS", "FAMILY_MONTHLY_LIMIT"}));
}

TEST(FamilyRules, TheMonthlyLimitCountsBindingsCreatedNotActiveOnes) {
  auto f = allowed();
  f.holder_active_members = 4;        // one was unbound …
  f.holder_bindings_this_month = 5;   // … but five were created this month
  EXPECT_EQ(codes(binding_blockers(f, RegionPolicy{})), std::vector<std::string>{"FAMILY_MONTHLY_LIMIT"});
  RegionPolicy generous;
  generous.monthly_binding_limit = 6;
  EXPECT_TRUE(binding_blockers(f, generous).empty());
}

TEST(FamilyRules, MembersFromTheFaceAgeNeedTheirOwnFaceCheck) {
  RegionPolicy policy;  // member_face_age 16
  auto f = allowed();
  f.steps = true;
  f.commitment_signed = f.notice_accepted = f.holder_page_uploaded = f.member_page_uploaded = true;
  f.member_age = 15;
  EXPECT_TRUE(binding_blockers(f, policy).empty());
  f.member_age = 16;
  EXPECT_EQ(codes(binding_blockers(f, policy)), std::vector<std::string>{"FAMILY_MEMBER_FACE_REQUIRED"});
  f.face_passed = true;
  EXPECT_TRUE(binding_blockers(f, policy).empty());
}

TEST(FamilyRules, TheBirthRouteAlwaysNeedsTheMothersFaceButNoUploads) {
  auto f = allowed();
  f.route = BindingRoute::birth_certificate;
  f.member_age = 0;
  f.steps = true;
  EXPECT_EQ(codes(binding_blockers(f, RegionPolicy{})), std::vector<std::string>{"FAMILY_MOTHER_FACE_REQUIRED"});
}

TEST(FamilyRules, IdRouteStepsAreEachNamed) {
  auto f = allowed();
  f.steps = true;
  EXPECT_EQ(codes(binding_blockers(f, RegionPolicy{})),
            (std::vector<std::string>{"FAMILY_COMMITMENT_NOT_SIGNED", "FAMILY_NOTICE_NOT_ACCEPTED", "FAMILY_UPLOAD_MISSING",
                                      "FAMILY_UPLOAD_MISSING"}));
}

TEST(FamilyRules, UseScopeFollowsTheKnob) {
  EXPECT_TRUE(family_use_allowed(UseScope::any, "110105", "310104"));
  EXPECT_FALSE(family_use_allowed(UseScope::same_pool, "110105", "110101"));
  EXPECT_TRUE(family_use_allowed(UseScope::same_pool, "110105", "110105"));
  EXPECT_TRUE(family_use_allowed(UseScope::same_province, "110105", "110101"));
  EXPECT_FALSE(family_use_allowed(UseScope::same_province, "110105", "310104"));
}

TEST(FamilyRules, UseBlockersListAllRules) {
  UseFacts u;
  u.member_credential.emplace_back(core::Reason::CREDENTIAL_INACTIVE);
  u.member_admdvs = "110105";
  u.institution_admdvs = "310104";
  RegionPolicy policy;
  policy.family_use_scope = UseScope::same_pool;
  EXPECT_EQ(codes(use_blockers(u, policy)), (std::vector<std::string>{"FAMILY_NOT_BOUND", "CREDENTIAL_INACTIVE",
                                                                      "PIN_NOT_SET", "FAMILY_OUT_OF_USE_SCOPE"}));
}

TEST(FamilyRules, EveryUnbindReasonHasALabel) {
  for (const auto& r : unbind_reasons()) EXPECT_NE(unbind_reason_label(r), "已解除绑定") << r;
  EXPECT_FALSE(is_unbind_reason("bored"));
}

TEST(FamilyUploads, ImagesAreCheckedByContent) {
  using services::is_decodable_image;
  EXPECT_FALSE(is_decodable_image("image/png", "hello"));
  EXPECT_FALSE(is_decodable_image("image/jpeg", std::string("\xFF\xD8\xFF\xD9", 4)));
  // A structurally valid JPEG: SOI, SOF0 (1x1, 1 component), SOS, data, EOI.
  const std::string jpeg("\xFF\xD8"
                         "\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00"
                         "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00"
                         "\x12\x34"
                         "\xFF\xD9",
                         29);
  EXPECT_TRUE(is_decodable_image("image/jpeg", jpeg));
  EXPECT_FALSE(is_decodable_image("image/png", jpeg)) << "declared type must match the content";
  EXPECT_FALSE(is_decodable_image("image/jpeg", jpeg.substr(0, 20) + std::string("\xFF\xD9", 2)));
}

}  // namespace
}  // namespace yibao::domain
