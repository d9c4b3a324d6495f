// 亲情账户 (domain.md §7; issue 6) through the use cases, on both stores: both binding routes,
// the face rule, every limit, unbinding from every cause with its reason on both sides, the
// 承诺书 PDF, upload refusals that leave nothing behind, diagnose, the family-shown code and
// the SMS outbox.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <atomic>
#include <map>
#include <thread>
#include <unistd.h>

#include "providers/birth_certificate_simulator.h"
#include "providers/household_simulator.h"
#include "providers/sms_simulator.h"
#include "qr/qr_image.h"
#include "services/family_service.h"
#include "store/family_repo.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

// The 承诺书 is rendered in this process (FamilyService::commitment_pdf), so this binary carries
// the same LeakSanitizer suppressions as unit_tests (see tests/unit/pdf_documents_test.cc and
// tests/lsan.supp): fontconfig's process-wide caches and cairo 1.16's per-document subsetter leak.
// The full unwinder is needed for "cairo_surface_finish" to appear in the leak's stack.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:cairo_surface_finish\n";
}

namespace yibao::testing {
namespace {

std::vector<std::string> codes(const std::vector<core::Error>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.emplace_back(core::info(e.reason).code);
  return out;
}

std::size_t files_under(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

class Family : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    const auto base = std::filesystem::path(YIBAO_TEST_TMP_DIR) /
                      ("family-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(base);
    upload_dir_ = base / "uploads";
    household_ = std::make_unique<providers::HouseholdSimulator>(*clock_);
    births_ = std::make_unique<providers::BirthCertificateSimulator>();
    sms_ = std::make_unique<providers::SmsSimulator>(*clock_, base / "sms.log");
    family_ = make_service();
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    activate(zhang_id, "张建国", "135790");
    wife_id = make_id_number("110105", today(), 43, 12);
    wife = add_person({"李秀英", wife_id, "390", "110105", "normal", "1501"});
    son_id = make_id_number("110105", today(), 10, 13);
    son = add_person({"张小明", son_id, "390", "110105", "normal", "1501"});
    daughter_id = make_id_number("110105", today(), 17, 14);
    daughter = add_person({"张小红", daughter_id, "390", "110105", "normal", "1501"});
    png_ = *qr::render_png("户口簿", 2);
  }
  void TearDown() override {
    family_.reset();
    ServiceTest::TearDown();
  }
  std::unique_ptr<services::FamilyService> make_service() {
    return std::make_unique<services::FamilyService>(
        *ctx_, services::FamilyProviders{*household_, *births_, *sms_, upload_dir_});
  }
  core::Result<services::BindingView> start(std::int64_t holder, const std::string& name, const std::string& id,
                                            const std::string& relation = "child") {
    services::StartBinding req;
    req.route = "id_number";
    req.name = name;
    req.id_number = id;
    req.relation = relation;
    return family_->start(holder, req);
  }
  // Every step of the ID route except the face check; returns the draft id.
  std::int64_t prepare(std::int64_t holder, const std::string& name, const std::string& id,
                       const std::string& relation = "child") {
    auto draft = start(holder, name, id, relation);
    EXPECT_TRUE(draft.ok()) << code_of(draft);
    if (!draft.ok()) return 0;
    const auto binding_id = draft->row.id;
    EXPECT_TRUE(family_->sign(holder, binding_id, draft->row.document_sha256, "app").ok());
    EXPECT_TRUE(family_->accept_notice(holder, binding_id, "app").ok());
    EXPECT_TRUE(family_->upload(holder, binding_id, "holder", "image/png", png_).ok());
    EXPECT_TRUE(family_->upload(holder, binding_id, "member", "image/png", png_).ok());
    return binding_id;
  }
  core::Result<services::BindingView> bind(std::int64_t holder, const std::string& name, const std::string& id,
                                           const std::string& relation = "child") {
    const auto binding_id = prepare(holder, name, id, relation);
    if (binding_id == 0) return core::Reason::INTERNAL_ERROR;
    return family_->complete(holder, binding_id);
  }
  // The ID route for a member of face age: the member's own face check first.
  core::Result<services::BindingView> bind_adult(std::int64_t holder, const std::string& name, const std::string& id,
                                                 const std::string& relation) {
    const auto binding_id = prepare(holder, name, id, relation);
    if (binding_id == 0) return core::Reason::INTERNAL_ERROR;
    pass_face(holder, binding_id);
    return family_->complete(holder, binding_id);
  }
  void pass_face(std::int64_t holder, std::int64_t binding_id) {
    auto ticket = family_->start_face_check(holder, binding_id, "app");
    ASSERT_TRUE(ticket.ok()) << code_of(ticket);
    ASSERT_TRUE(face_->complete(ticket->ticket, "pass").ok());
  }
  int count_rows(const std::string& table) {
    return db_->read([&](store::Tx& tx) {
      int n = 0;
      tx.run(("SELECT COUNT(*) FROM " + table), soci::into(n));
      return n;
    });
  }
  void give_phone(std::int64_t person, const std::string& phone) {
    db_->write([&](store::Tx& tx) {
      store::PeopleRepo::insert_account(tx, store::AccountRow{person, phone, "x"}, services::now_us(*clock_));
    });
  }

  std::filesystem::path upload_dir_;
  std::unique_ptr<providers::HouseholdSimulator> household_;
  std::unique_ptr<providers::BirthCertificateSimulator> births_;
  std::unique_ptr<providers::SmsSimulator> sms_;
  std::unique_ptr<services::FamilyService> family_;
  std::string zhang_id, wife_id, son_id, daughter_id, png_;
  std::int64_t zhang = 0, wife = 0, son = 0, daughter = 0;
};

TEST_P(Family, IdNumberRouteBindsATenYearOldWithoutAFaceCheck) {
  auto bound = bind(zhang, "张小明", son_id);
  ASSERT_TRUE(bound.ok()) << code_of(bound);
  EXPECT_EQ(bound->row.status, "active");
  EXPECT_FALSE(bound->face_required);
  EXPECT_TRUE(bound->steps_pending.empty());
  // The consent record: who, when, channel, the document's hash.
  ASSERT_EQ(bound->consents.size(), 2u);
  EXPECT_EQ(bound->consents[0].kind, "commitment_signed");
  EXPECT_EQ(bound->consents[0].person_id, zhang);
  EXPECT_EQ(bound->consents[0].channel, "app");
  EXPECT_EQ(bound->consents[0].document_sha256, bound->row.document_sha256);
  EXPECT_EQ(bound->uploads.size(), 2u);
  EXPECT_EQ(files_under(upload_dir_), 1u) << "the same page twice is stored once (content-addressed)";
  const auto members = family_->members(zhang);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].row.member_person_id, son);
  EXPECT_EQ(family_->holders(son).size(), 1u);
  EXPECT_TRUE(db_->read([&](store::Tx& tx) { return services::require_active_binding(tx, zhang, son); }).ok());
  EXPECT_EQ(db_->read([&](store::Tx& tx) { return services::require_active_binding(tx, wife, son); }).reason(),
            core::Reason::FAMILY_NOT_BOUND);
}

TEST_P(Family, ASeventeenYearOldWithoutAFaceCheckIsRefused) {
  const auto draft = prepare(zhang, "张小红", daughter_id);
  auto refused = family_->complete(zhang, draft);
  EXPECT_EQ(code_of(refused), "FAMILY_MEMBER_FACE_REQUIRED");
  EXPECT_EQ(family_->binding(zhang, draft)->row.status, "draft");
  pass_face(zhang, draft);
  auto bound = family_->complete(zhang, draft);
  ASSERT_TRUE(bound.ok()) << code_of(bound);
  EXPECT_TRUE(bound->face_required);
  EXPECT_NE(bound->row.face_passed_at_us, 0);
}

TEST_P(Family, TheFaceAgeIsTheHoldersRegionKnob) {
  set_policy("110105", R"({"member_face_age": 8})");
  const auto draft = prepare(zhang, "张小明", son_id);
  EXPECT_EQ(code_of(family_->complete(zhang, draft)), "FAMILY_MEMBER_FACE_REQUIRED");
}

TEST_P(Family, ANewbornBindsByBirthCertificateAfterTheMothersFaceCheck) {
  const auto baby_id = make_id_number("110105", today(), 0, 15);
  const auto baby = add_person({"张小宝", baby_id, "390", "110105", "normal", "1501"});
  births_->add({"Q110105001", "张小宝", baby_id, "1", core::format_date(today()), "北京市东城区妇幼保健院", "李秀英", wife_id,
                "张建国"});
  services::StartBinding req;
  req.route = "birth_certificate";
  req.mother_name = "李秀英";
  req.mother_id_number = wife_id;
  req.certificate_no = "Q110105001";
  auto draft = family_->start(zhang, req);
  ASSERT_TRUE(draft.ok()) << code_of(draft);
  ASSERT_TRUE(draft->certificate.has_value());
  EXPECT_EQ(draft->certificate->baby_name, "张小宝");
  EXPECT_EQ(draft->row.member_person_id, baby);
  EXPECT_EQ(code_of(family_->complete(zhang, draft->row.id)), "FAMILY_MOTHER_FACE_REQUIRED");
  pass_face(zhang, draft->row.id);
  auto bound = family_->complete(zhang, draft->row.id);
  ASSERT_TRUE(bound.ok()) << code_of(bound);
  EXPECT_EQ(bound->row.status, "active");
  EXPECT_EQ(bound->row.route, "birth_certificate");

  // A mother who does not match the certificate is refused at the lookup.
  req.mother_name = "王芳";
  EXPECT_EQ(code_of(family_->start(zhang, req)), "BIRTH_CERTIFICATE_MOTHER_MISMATCH");
}

TEST_P(Family, ASixthBindingInOneMonthIsRefusedEvenAfterOneWasUnbound) {
  const std::vector<std::string> names = {"张一", "张二", "张三", "张四", "张五", "张六"};
  std::vector<std::int64_t> kids;
  for (int i = 0; i < 6; ++i) {
    const auto id = make_id_number("110105", today(), 1 + i, 30 + i);
    kids.push_back(add_person({names[i], id, "390", "110105", "normal", "1501"}));
    if (i < 5) {
      ASSERT_TRUE(bind(zhang, names[i], id).ok()) << i;
    }
  }
  ASSERT_TRUE(family_->unbind_by_holder(zhang, kids[0]).ok());
  // 4 active now, but 5 bindings were created this month: unbinding gives no slot back.
  const auto sixth_id = make_id_number("110105", today(), 6, 35);
  auto refused = start(zhang, "张六", sixth_id);
  EXPECT_EQ(code_of(refused), "FAMILY_MONTHLY_LIMIT");
  // Rebinding the unbound child is a new binding and is refused the same way.
  EXPECT_EQ(code_of(start(zhang, "张一", make_id_number("110105", today(), 1, 30))), "FAMILY_MONTHLY_LIMIT");
  // Next natural month the slots are back.
  clock_->advance(std::chrono::days{8});
  auto next_month = start(zhang, "张六", sixth_id);
  EXPECT_TRUE(next_month.ok()) << code_of(next_month);
}

TEST_P(Family, AtMostMaxActiveMembers) {
  set_policy("110105", R"({"max_active_members": 1})");
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  EXPECT_EQ(code_of(start(zhang, "李秀英", wife_id, "spouse")), "FAMILY_MAX_ACTIVE_MEMBERS");
}

TEST_P(Family, AMemberBoundToAnotherHolderIsRefused) {
  activate(wife_id, "李秀英", "246801");
  ASSERT_TRUE(bind(wife, "张小明", son_id).ok());
  EXPECT_EQ(code_of(start(zhang, "张小明", son_id)), "FAMILY_MEMBER_BOUND_ELSEWHERE");
  // Binding the same member twice is its own reason.
  EXPECT_EQ(code_of(start(wife, "张小明", son_id)), "FAMILY_ALREADY_BOUND");
}

TEST_P(Family, AHolderWithoutAnActiveCredentialCannotBind) {
  EXPECT_EQ(code_of(start(wife, "张小明", son_id)), "FAMILY_HOLDER_CREDENTIAL_INACTIVE");
}

TEST_P(Family, TheUnbindingReasonShowsOnBothSides) {
  auto son_binding = bind(zhang, "张小明", son_id);
  ASSERT_TRUE(son_binding.ok());
  const auto daughter_binding = prepare(zhang, "张小红", daughter_id);
  pass_face(zhang, daughter_binding);
  ASSERT_TRUE(family_->complete(zhang, daughter_binding).ok());

  // The 10-year-old cannot unbind himself; the holder unbinds him.
  EXPECT_EQ(code_of(family_->unbind_by_member(son, son_binding->row.id)), "FAMILY_MEMBER_TOO_YOUNG_TO_UNBIND");
  ASSERT_TRUE(family_->unbind_by_holder(zhang, son).ok());
  EXPECT_EQ(code_of(family_->unbind_by_holder(zhang, son)), "FAMILY_NOT_BOUND");
  // The 17-year-old unbinds herself.
  ASSERT_TRUE(bind_adult(zhang, "李秀英", wife_id, "spouse").ok());
  EXPECT_EQ(code_of(family_->unbind_by_member(daughter, daughter_binding)), "OK");

  clock_->advance(std::chrono::days{100});  // months later, still answerable
  auto son_side = family_->holders(son);
  ASSERT_EQ(son_side.size(), 1u);
  EXPECT_EQ(son_side[0].row.status, "unbound");
  EXPECT_EQ(son_side[0].row.unbind_reason, "holder_request");
  auto daughter_side = family_->holders(daughter);
  ASSERT_EQ(daughter_side.size(), 1u);
  EXPECT_EQ(daughter_side[0].row.unbind_reason, "member_request");
  std::map<std::int64_t, std::string> holder_side;
  for (const auto& v : family_->members(zhang)) holder_side[v.row.member_person_id] = v.row.unbind_reason;
  EXPECT_EQ(holder_side[son], "holder_request");
  EXPECT_EQ(holder_side[daughter], "member_request");
  EXPECT_EQ(holder_side[wife], "");
}

TEST_P(Family, StaffForceUnbindWithANote) {
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  const auto binding_id = family_->members(zhang).front().row.id;
  const auto staff_id = add_staff("dongcheng", "110101", "Passw0rd!");
  const auto outsider = *agency_->staff(staff_id);
  EXPECT_EQ(code_of(family_->force_unbind(outsider, psn_no_of(son), binding_id, "核查")), "STAFF_OUT_OF_REGION");
  const auto staff = *agency_->staff(add_staff("chaoyang", "110105", "Passw0rd!"));
  EXPECT_EQ(code_of(family_->force_unbind(staff, psn_no_of(son), binding_id, "")), "FAMILY_FORCE_NOTE_REQUIRED");
  ASSERT_TRUE(family_->force_unbind(staff, psn_no_of(son), binding_id, "户籍信息核查不符").ok());
  const auto row = family_->holders(son).front().row;
  EXPECT_EQ(row.unbind_reason, "system_forced");
  EXPECT_EQ(row.unbind_note, "户籍信息核查不符");
  EXPECT_EQ(row.unbound_by, "staff:chaoyang");
}

TEST_P(Family, RemovingTheCredentialChannelUnbindsWhatWasBoundThroughIt) {
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  ASSERT_TRUE(credentials_->remove_channel(zhang, "app").ok());
  EXPECT_EQ(family_->holders(son).front().row.unbind_reason, "credential_removed");
}

TEST_P(Family, TheMembersEnrolmentEndingUnbindsAsCancelledOrExpired) {
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  const auto daughter_binding = prepare(zhang, "张小红", daughter_id);
  pass_face(zhang, daughter_binding);
  ASSERT_TRUE(family_->complete(zhang, daughter_binding).ok());
  const auto staff = *agency_->staff(add_staff("chaoyang", "110105", "Passw0rd!"));
  auto enrolment_of = [&](std::int64_t person) {
    return db_->read([&](store::Tx& tx) { return store::PeopleRepo::enrolments_of(tx, person).front().id; });
  };
  ASSERT_TRUE(agency_->set_enrolment_status(staff, psn_no_of(son), enrolment_of(son), "terminated", "死亡注销").ok());
  ASSERT_TRUE(agency_->set_enrolment_status(staff, psn_no_of(daughter), enrolment_of(daughter), "paused", "停保").ok());
  EXPECT_EQ(family_->holders(son).front().row.unbind_reason, "account_cancelled");
  EXPECT_EQ(family_->holders(daughter).front().row.unbind_reason, "account_expired");
}

TEST_P(Family, APolicyChangeLoweringTheLimitUnbindsTheNewest) {
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  ASSERT_TRUE(bind_adult(zhang, "李秀英", wife_id, "spouse").ok());
  EXPECT_EQ(family_->apply_policy_change(), 0);
  set_policy("110105", R"({"max_active_members": 1})");
  EXPECT_EQ(family_->apply_policy_change(), 1);
  EXPECT_EQ(family_->holders(wife).front().row.unbind_reason, "policy_change");
  EXPECT_EQ(family_->holders(son).front().row.status, "active");
}

TEST_P(Family, TheCommitmentLetterPdfNamesBothPeople) {
  auto draft = start(zhang, "张小明", son_id);
  ASSERT_TRUE(draft.ok());
  auto pdf = family_->commitment_pdf(zhang, draft->row.id);
  ASSERT_TRUE(pdf.ok()) << code_of(pdf);
  const auto file = upload_dir_.parent_path() / "letter.pdf";
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << *pdf;
  std::string text;
  FILE* p = ::popen(("pdftotext -enc UTF-8 '" + file.string() + "' -").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  ASSERT_EQ(::pclose(p), 0);
  std::erase(text, '\n');  // pdftotext breaks lines inside names
  EXPECT_NE(text.find("张建国"), std::string::npos) << text;
  EXPECT_NE(text.find("张小明"), std::string::npos) << text;
  EXPECT_NE(text.find(draft->row.document_sha256), std::string::npos);
  // Signing another digest is refused.
  EXPECT_EQ(code_of(family_->sign(zhang, draft->row.id, std::string(64, 'a'), "app")), "FAMILY_COMMITMENT_HASH_MISMATCH");
}

TEST_P(Family, RefusedUploadsAndAWrongRelationLeaveNothingBehind) {
  EXPECT_EQ(code_of(start(zhang, "张小明", son_id, "friend")), "RELATION_INVALID");
  EXPECT_EQ(count_rows("family_bindings"), 0);
  auto draft = start(zhang, "张小明", son_id);
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(code_of(family_->upload(zhang, draft->row.id, "holder", "image/png", "%PDF-1.4 not an image")),
            "FAMILY_UPLOAD_NOT_IMAGE");
  // PNG magic but not decodable.
  EXPECT_EQ(code_of(family_->upload(zhang, draft->row.id, "holder", "image/png", png_.substr(0, 40))),
            "FAMILY_UPLOAD_NOT_IMAGE");
  std::string big = png_;
  big.resize(services::kFamilyUploadMaxBytes + 1, '\0');
  EXPECT_EQ(code_of(family_->upload(zhang, draft->row.id, "member", "image/png", big)), "FAMILY_UPLOAD_TOO_LARGE");
  EXPECT_EQ(count_rows("family_uploads"), 0);
  EXPECT_EQ(files_under(upload_dir_), 0u);
  EXPECT_TRUE(family_->binding(zhang, draft->row.id)->uploads.empty());
}

TEST_P(Family, DiagnoseListsEveryBlockingRule) {
  // Someone never bound: nothing about their credential is revealed.
  EXPECT_EQ(codes(family_->diagnose(zhang, son).use_blockers), std::vector<std::string>{"FAMILY_NOT_BOUND"});
  // Bound once, now unbound; the credential never activated, no password: three rules at once.
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  ASSERT_TRUE(family_->unbind_by_holder(zhang, son).ok());
  auto d = family_->diagnose(zhang, son);
  EXPECT_EQ(codes(d.use_blockers),
            (std::vector<std::string>{"FAMILY_NOT_BOUND", "CREDENTIAL_INACTIVE", "PIN_NOT_SET"}));
  EXPECT_TRUE(d.binding_blockers.empty()) << "binding again is allowed";
  // Another holder binds him meanwhile: binding again is now blocked too.
  activate(wife_id, "李秀英", "246801");
  ASSERT_TRUE(bind(wife, "张小明", son_id).ok());
  EXPECT_EQ(codes(family_->diagnose(zhang, son).binding_blockers),
            std::vector<std::string>{"FAMILY_MEMBER_BOUND_ELSEWHERE"});
  ASSERT_TRUE(family_->unbind_by_holder(wife, son).ok());
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  ASSERT_TRUE(family_->activate_member_credential(zhang, son, "app", "135792").ok());
  EXPECT_TRUE(family_->diagnose(zhang, son).use_blockers.empty());
  set_policy("110105", R"({"family_use_scope": "same_pool"})");
  EXPECT_EQ(codes(family_->diagnose(zhang, son, std::string("310104")).use_blockers),
            std::vector<std::string>{"FAMILY_OUT_OF_USE_SCOPE"});
}

TEST_P(Family, TheHoldersCodeForAMemberRecordsWhoShowedItAndDiesWithTheBinding) {
  add_institution("H11010500001", "110105", "s3cret");
  add_institution("H31010400001", "310104", "s3cret");
  auto inst = [&](const std::string& code) {
    return *db_->read([&](store::Tx& tx) { return store::InstitutionRepo::find(tx, code); });
  };
  auto decode = [&](const std::string& token, const std::string& at) {
    services::DecodeRequest req{token, "01101", "D001", "王医生", "K01", "门诊", "Scanner"};
    return codes_->decode(inst(at), req);
  };
  EXPECT_EQ(code_of(codes_->issue_for_member(zhang, son)), "FAMILY_NOT_BOUND");
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  EXPECT_EQ(code_of(codes_->issue_for_member(zhang, son)), "CREDENTIAL_INACTIVE");
  ASSERT_TRUE(family_->activate_member_credential(zhang, son, "app", "135792").ok());
  auto code = codes_->issue_for_member(zhang, son);
  ASSERT_TRUE(code.ok()) << code_of(code);
  auto decoded = decode(code->token, "H11010500001");
  ASSERT_TRUE(decoded.ok()) << code_of(decoded);
  EXPECT_TRUE(decoded->shown_by_family);
  EXPECT_EQ(decoded->person.id, son);
  // The member's region allows only its own pool: elsewhere the code is refused.
  set_policy("110105", R"({"family_use_scope": "same_pool"})");
  EXPECT_EQ(code_of(decode(codes_->issue_for_member(zhang, son)->token, "H31010400001")), "FAMILY_OUT_OF_USE_SCOPE");
  // After unbinding a code shown earlier is dead, and no new one is issued.
  auto earlier = codes_->issue_for_member(zhang, son);
  ASSERT_TRUE(family_->unbind_by_holder(zhang, son).ok());
  EXPECT_EQ(code_of(decode(earlier->token, "H11010500001")), "FAMILY_NOT_BOUND");
  EXPECT_EQ(code_of(codes_->issue_for_member(zhang, son)), "FAMILY_NOT_BOUND");
}

TEST_P(Family, TheHolderSetsTheMembersPinOnlyWhileBound) {
  EXPECT_EQ(code_of(family_->reset_member_pin(zhang, son, "135792")), "FAMILY_NOT_BOUND");
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  ASSERT_TRUE(family_->activate_member_credential(zhang, son, "app", "135792").ok());
  ASSERT_TRUE(family_->reset_member_pin(zhang, son, "246813").ok());
  EXPECT_TRUE(credentials_->verify_pin(son, "246813").ok());
  const long long son_key = son;
  const auto actions = db_->read([&](store::Tx& tx) {
    std::vector<std::string> out;
    std::string action, kind;
    auto st = tx.once("SELECT action, actor_kind FROM audit_events WHERE subject_person_id = :p ORDER BY id",
                                 soci::use(son_key), soci::into(action), soci::into(kind));
    st.execute(false);
    while (st.fetch()) out.push_back(kind + ":" + action);
    return out;
  });
  EXPECT_NE(std::find(actions.begin(), actions.end(), "family_holder:credential_activated_by_holder"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "family_holder:pin_reset_by_holder"), actions.end());
}

TEST_P(Family, NotificationsAreRetriedAndSurviveARestart) {
  give_phone(zhang, "13800000001");
  give_phone(son, "13800000002");
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  const auto binding_id = family_->members(zhang).front().row.id;
  auto outbox = [&] {
    return db_->read([&](store::Tx& tx) { return store::FamilyRepo::outbox_topic(tx, "family_bound:" + std::to_string(binding_id)); });
  };
  ASSERT_EQ(outbox().size(), 2u);
  sms_->fail_next(2);
  EXPECT_EQ(family_->deliver_notifications(), 0);
  for (const auto& row : outbox()) {
    EXPECT_EQ(row.status, "pending");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.last_error, "SMS_PROVIDER_UNAVAILABLE");
  }
  EXPECT_EQ(family_->deliver_notifications(), 0) << "not due yet: backoff";
  // A "restart": a new service instance picks up what is pending.
  family_ = make_service();
  clock_->advance(std::chrono::seconds{31});
  EXPECT_EQ(family_->deliver_notifications(), 2);
  for (const auto& row : outbox()) {
    EXPECT_EQ(row.status, "sent");
    EXPECT_EQ(row.attempts, 2);
  }
  EXPECT_EQ(family_->deliver_notifications(), 0);
}

TEST_P(Family, TwoInstancesCompletingAtTheLimitBindExactlyOne) {
  set_policy("110105", R"({"max_active_members": 1})");
  const auto little_id = make_id_number("110105", today(), 8, 41);
  add_person({"张小花", little_id, "390", "110105", "normal", "1501"});
  const auto first = prepare(zhang, "张小明", son_id);
  const auto second = prepare(zhang, "张小花", little_id);
  auto other_pool = open_pool(4);
  store::Database other_db(*other_pool);
  services::ServiceContext other_ctx{other_db, *clock_, *regions_, keys_, *face_, *codec_, *hasher_};
  services::FamilyService other(other_ctx, services::FamilyProviders{*household_, *births_, *sms_, upload_dir_});
  std::atomic<int> bound{0}, refused_for_limit{0};
  std::thread a([&] {
    auto r = family_->complete(zhang, first);
    (r.ok() ? bound : refused_for_limit) += r.ok() || r.reason() == core::Reason::FAMILY_MAX_ACTIVE_MEMBERS ? 1 : 0;
  });
  std::thread b([&] {
    auto r = other.complete(zhang, second);
    (r.ok() ? bound : refused_for_limit) += r.ok() || r.reason() == core::Reason::FAMILY_MAX_ACTIVE_MEMBERS ? 1 : 0;
  });
  a.join();
  b.join();
  EXPECT_EQ(bound.load(), 1);
  EXPECT_EQ(refused_for_limit.load(), 1);
  EXPECT_EQ(family_->members(zhang).size(), 1u);
}

TEST_P(Family, ARejectedNumberFailsForGoodAndTwoSendersNeverSendTwice) {
  give_phone(zhang, "13800000001");
  give_phone(son, "17000000002");  // the simulator rejects 170 numbers: permanent, no retry
  ASSERT_TRUE(bind(zhang, "张小明", son_id).ok());
  give_phone(daughter, "13800000003");
  const auto draft = prepare(zhang, "张小红", daughter_id);
  pass_face(zhang, draft);
  ASSERT_TRUE(family_->complete(zhang, draft).ok());
  auto all = [&] {
    return db_->read([&](store::Tx& tx) {
      auto rows = store::FamilyRepo::outbox_of(tx, zhang);
      for (auto id : {son, daughter}) {
        for (auto& r : store::FamilyRepo::outbox_of(tx, id)) rows.push_back(r);
      }
      return rows;
    });
  };
  ASSERT_EQ(all().size(), 4u);
  // Two instances deliver at once: every message goes out exactly once.
  auto other_pool = open_pool(4);
  store::Database other_db(*other_pool);
  services::ServiceContext other_ctx{other_db, *clock_, *regions_, keys_, *face_, *codec_, *hasher_};
  services::FamilyService other(other_ctx, services::FamilyProviders{*household_, *births_, *sms_, upload_dir_});
  std::atomic<int> sent{0};
  std::thread a([&] { sent += family_->deliver_notifications(); });
  std::thread b([&] { sent += other.deliver_notifications(); });
  a.join();
  b.join();
  EXPECT_EQ(sent.load(), 3);
  std::ifstream log(sms_->log_path());
  int lines = 0;
  for (std::string line; std::getline(log, line);) ++lines;
  EXPECT_EQ(lines, 3);
  for (const auto& row : all()) {
    if (row.phone.starts_with("170")) {
      EXPECT_EQ(row.status, "failed");
      EXPECT_EQ(row.last_error, "SMS_REJECTED");
    } else {
      EXPECT_EQ(row.status, "sent");
    }
    EXPECT_EQ(row.attempts, 1);
  }
  clock_->advance(std::chrono::hours{1});
  EXPECT_EQ(family_->deliver_notifications(), 0) << "a rejected number is not retried";
}

YIBAO_INSTANTIATE_STORE_TEST(Family);

}  // namespace
}  // namespace yibao::testing
