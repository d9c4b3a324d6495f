// The e-credential rules of domain.md §4–§6 through the use cases, on both stores.
#include <gtest/gtest.h>

#include "services/institution_auth.h"
#include "core/id_number.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

using core::Reason;
using providers::FacePurpose;
using namespace std::chrono_literals;

class Credential : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
  }
  services::ActivateRequest request(const std::string& channel, const std::string& pin, const std::string& sample = "pass") {
    services::ActivateRequest req;
    req.channel = channel;
    req.id_number = zhang_id;
    req.name = "张建国";
    req.pin = pin;
    req.face_ticket = face(zhang_id, "张建国", FacePurpose::activation, sample, channel);
    return req;
  }
  std::string zhang_id;
  std::int64_t zhang = 0;
};

TEST_P(Credential, ActivationWithFaceSetsThePinAndLogsIn) {
  auto result = credentials_->activate(request("app", "135790"));
  ASSERT_TRUE(result.ok()) << code_of(result);
  EXPECT_TRUE(result->first_activation);
  auto principal = sessions_->authenticate(result->session.token, services::SubjectKind::person);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->subject_id, zhang);
  EXPECT_EQ(principal->channel, "app");
}

TEST_P(Credential, ALaterChannelNeedsTheSamePassword) {
  activate(zhang_id, "张建国", "135790", "app");
  auto wrong = credentials_->activate(request("wechat", "246802"));
  EXPECT_EQ(code_of(wrong), "PIN_MISMATCH");
  auto right = credentials_->activate(request("wechat", "135790"));
  ASSERT_TRUE(right.ok()) << code_of(right);
  EXPECT_FALSE(right->first_activation);
  EXPECT_EQ(code_of(credentials_->activate(request("wechat", "135790"))), "CHANNEL_ALREADY_ACTIVE");
}

TEST_P(Credential, EveryActivationFailureSaysWhy) {
  EXPECT_EQ(code_of(credentials_->activate(request("app", "135790", "mismatch"))), "FACE_MISMATCH");
  EXPECT_EQ(code_of(credentials_->activate(request("app", "135790", "no_live_face"))), "FACE_NO_LIVE_FACE");
  EXPECT_EQ(code_of(credentials_->activate(request("app", "135790", "photo_unavailable"))), "FACE_PHOTO_UNAVAILABLE");
  auto bad_channel = request("app", "135790");
  bad_channel.channel = "carrier_pigeon";
  EXPECT_EQ(code_of(credentials_->activate(bad_channel)), "CHANNEL_INVALID");
  EXPECT_EQ(code_of(credentials_->start_face_check("carrier_pigeon", zhang_id, "张建国", FacePurpose::activation)),
            "CHANNEL_INVALID");

  const std::string stranger = make_id_number("110105", today(), 30, 21);
  EXPECT_EQ(code_of(credentials_->start_face_check("app", stranger, "路人甲", FacePurpose::activation)), "PERSON_UNKNOWN");
  EXPECT_EQ(code_of(credentials_->start_face_check("app", zhang_id, "张建军", FacePurpose::activation)), "PERSON_UNKNOWN")
      << "a wrong name must look like an unknown person";
}

// Only failed logins add up: someone who logs in often is never locked out, someone guessing is.
TEST_P(Credential, LoginLimitCountsFailuresASuccessClearsThem) {
  const std::string phone = "13800000001";
  services::ActivateRequest req;
  req.channel = "app";
  req.id_number = zhang_id;
  req.name = "张建国";
  req.pin = "135790";
  req.phone = phone;
  req.login_password = "Right2026pw";
  req.face_ticket = face(zhang_id, "张建国", FacePurpose::activation);
  ASSERT_TRUE(credentials_->activate(req).ok());
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(credentials_->login_with_account("app", phone, "Right2026pw").ok()) << i;
  for (int i = 0; i < 9; ++i) EXPECT_EQ(code_of(credentials_->login_with_account("app", phone, "wrong")), "LOGIN_FAILED");
  EXPECT_TRUE(credentials_->login_with_account("app", phone, "Right2026pw").ok()) << "the tenth attempt is still allowed";
  for (int i = 0; i < 10; ++i) (void)credentials_->login_with_account("app", phone, "wrong");
  EXPECT_EQ(code_of(credentials_->login_with_account("app", phone, "Right2026pw")), "RATE_LIMITED");
}

// The face-check and login rate limits count by person, but the table must not hold who.
TEST_P(Credential, RateLimitCountersHoldNoIdNumbersOrPhones) {
  ASSERT_TRUE(credentials_->start_face_check("app", zhang_id, "张建国", FacePurpose::activation).ok());
  (void)credentials_->login_with_account("app", "13800000001", "wrong-password");
  const auto keys = db_->read([](store::Tx& tx) {
    std::vector<std::string> out(10);
    tx.run("SELECT key FROM rate_limit_counters", soci::into(out));
    return out;
  });
  ASSERT_GE(keys.size(), 2u);
  for (const auto& key : keys) {
    EXPECT_EQ(key.find(zhang_id), std::string::npos);
    EXPECT_EQ(key.find("13800000001"), std::string::npos);
    EXPECT_EQ(key.size(), 64u) << key;
  }
}

TEST_P(Credential, NoActiveEnrolmentRefusesActivation) {
  const std::string id = make_id_number("110105", today(), 60, 31);
  add_person({"钱退保", id, "390", "110105", "terminated", "1501"});
  auto ticket = face(id, "钱退保", FacePurpose::activation);
  services::ActivateRequest req{"app", id, "钱退保", ticket, "135790", {}, {}};
  EXPECT_EQ(code_of(credentials_->activate(req)), "ENROLMENT_MISSING");
}

TEST_P(Credential, DuplicatedRecordsBlockUntilStaffMergeThem) {
  const std::string id = make_id_number("440305", today(), 52, 41);
  const auto first = add_person({"刘洋", id, "310", "440305"});
  const auto second = add_person({"刘洋", id, "310", "440305"});
  services::ActivateRequest req{"app", id, "刘洋", face(id, "刘洋", FacePurpose::activation), "135790", {}, {}};
  EXPECT_EQ(code_of(credentials_->activate(req)), "PERSON_DUPLICATED");

  add_staff("sz_agent", "440300", "Agent2026demo");
  auto staff = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "sz_agent"); });
  ASSERT_TRUE(agency_->merge(*staff, psn_no_of(first), psn_no_of(second)).ok());
  req.face_ticket = face(id, "刘洋", FacePurpose::activation);
  EXPECT_TRUE(credentials_->activate(req).ok());
  auto merged = db_->read([&](store::Tx& tx) { return store::CredentialRepo::for_person(tx, second); });
  EXPECT_EQ(merged->state, "revoked");
}

TEST_P(Credential, FrozenAndRevokedCredentialsRefuseEverything) {
  const auto token = activate(zhang_id, "张建国", "135790");
  add_staff("bj_agent", "110000", "Agent2026demo");
  auto staff = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  ASSERT_TRUE(agency_->freeze(*staff, psn_no_of(zhang), "核查中").ok());
  EXPECT_EQ(code_of(codes_->issue_own(zhang)), "CREDENTIAL_FROZEN");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "135790")), "CREDENTIAL_FROZEN");
  EXPECT_EQ(code_of(credentials_->activate(request("alipay", "135790"))), "CREDENTIAL_FROZEN");
  ASSERT_TRUE(agency_->unfreeze(*staff, psn_no_of(zhang), "核查完毕").ok());
  EXPECT_TRUE(codes_->issue_own(zhang).ok());
}

TEST_P(Credential, WeakPinsAreRefusedAtFirstActivation) {
  auto birth = core::IdNumber::parse(zhang_id, today())->birth_date();
  char yymmdd[8];
  std::snprintf(yymmdd, sizeof yymmdd, "%02d%02u%02u", static_cast<int>(birth.year()) % 100,
                static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
  for (const std::string& pin : std::vector<std::string>{"111111", "123456", "654321", yymmdd}) {
    EXPECT_EQ(code_of(credentials_->activate(request("app", pin))), "PIN_WEAK") << pin;
  }
  EXPECT_EQ(code_of(credentials_->activate(request("app", "12345"))), "PIN_FORMAT");
}

TEST_P(Credential, PinLocksAfterConfiguredFailuresAndLiftsAfterConfiguredTime) {
  set_policy("110000", R"({"pin_max_failures": 3, "pin_lock_minutes": 30})");
  activate(zhang_id, "张建国", "135790");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000001")), "PIN_MISMATCH");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000002")), "PIN_MISMATCH");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000003")), "PIN_LOCKED");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "135790")), "PIN_LOCKED") << "locked even for the right PIN";
  clock_->advance(29min);
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "135790")), "PIN_LOCKED");
  clock_->advance(1min);
  EXPECT_TRUE(credentials_->verify_pin(zhang, "135790").ok());
  // A success clears the count.
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000004")), "PIN_MISMATCH");
  EXPECT_TRUE(credentials_->verify_pin(zhang, "135790").ok());
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000005")), "PIN_MISMATCH");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "000006")), "PIN_MISMATCH");
}

TEST_P(Credential, ResettingThePinNeedsAFaceCheckAndLiftsTheLock) {
  activate(zhang_id, "张建国", "135790");
  for (int i = 0; i < 5; ++i) (void)credentials_->verify_pin(zhang, "000000");
  EXPECT_EQ(code_of(credentials_->verify_pin(zhang, "135790")), "PIN_LOCKED");
  auto failed = face(zhang_id, "张建国", FacePurpose::pin_reset, "mismatch");
  EXPECT_EQ(code_of(credentials_->reset_pin(zhang, failed, "975318")), "FACE_MISMATCH");
  auto wrong_purpose = face(zhang_id, "张建国", FacePurpose::login);
  EXPECT_EQ(code_of(credentials_->reset_pin(zhang, wrong_purpose, "975318")), "FACE_TICKET_MISMATCH");
  auto passed = face(zhang_id, "张建国", FacePurpose::pin_reset);
  ASSERT_TRUE(credentials_->reset_pin(zhang, passed, "975318").ok());
  EXPECT_EQ(code_of(credentials_->reset_pin(zhang, passed, "864209")), "FACE_TICKET_USED");
  EXPECT_TRUE(credentials_->verify_pin(zhang, "975318").ok());
}

TEST_P(Credential, AFaceTicketOfOnePersonCannotActivateAnother) {
  const std::string wife_id = make_id_number("110105", today(), 43, 12);
  add_person({"李秀英", wife_id, "390", "110105"});
  auto wife_ticket = face(wife_id, "李秀英", FacePurpose::activation);
  services::ActivateRequest req{"app", zhang_id, "张建国", wife_ticket, "135790", {}, {}};
  EXPECT_EQ(code_of(credentials_->activate(req)), "FACE_TICKET_MISMATCH");
}

TEST_P(Credential, AccountLoginChecksPasswordChannelAndState) {
  auto req = request("app", "135790");
  req.phone = "13800000001";
  req.login_password = "Demo2026yb";
  ASSERT_TRUE(credentials_->activate(req).ok());
  EXPECT_EQ(code_of(credentials_->login_with_account("app", "13800000001", "wrong-pass1")), "LOGIN_FAILED");
  EXPECT_EQ(code_of(credentials_->login_with_account("app", "13900000000", "Demo2026yb")), "LOGIN_FAILED");
  EXPECT_EQ(code_of(credentials_->login_with_account("bank", "13800000001", "Demo2026yb")), "CHANNEL_NOT_ACTIVATED");
  EXPECT_TRUE(credentials_->login_with_account("app", "13800000001", "Demo2026yb").ok());
}

TEST_P(Credential, FaceLoginUsesAFreshTicketOnce) {
  activate(zhang_id, "张建国", "135790");
  auto ticket = face(zhang_id, "张建国", FacePurpose::login);
  EXPECT_TRUE(credentials_->login_with_face("app", zhang_id, "张建国", ticket).ok());
  EXPECT_EQ(code_of(credentials_->login_with_face("app", zhang_id, "张建国", ticket)), "FACE_TICKET_USED");
}

TEST_P(Credential, RemovingTheCredentialFromAChannelEndsThatChannelsSessions) {
  const auto app = activate(zhang_id, "张建国", "135790", "app");
  auto wechat_req = request("wechat", "135790");
  auto wechat = credentials_->activate(wechat_req);
  ASSERT_TRUE(wechat.ok());
  ASSERT_TRUE(credentials_->remove_channel(zhang, "wechat").ok());
  EXPECT_EQ(code_of(sessions_->authenticate(wechat->session.token, services::SubjectKind::person)), "SESSION_EXPIRED");
  EXPECT_TRUE(sessions_->authenticate(app, services::SubjectKind::person).ok()) << "other channels keep their sessions";
  EXPECT_EQ(code_of(credentials_->remove_channel(zhang, "wechat")), "CHANNEL_NOT_ACTIVATED");
}

TEST_P(Credential, SessionsExpireAndLogOut) {
  const auto token = activate(zhang_id, "张建国", "135790");
  auto p = sessions_->authenticate(token, services::SubjectKind::person);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(code_of(sessions_->authenticate(token, services::SubjectKind::staff)), "SESSION_REQUIRED");
  sessions_->logout(*p);
  EXPECT_EQ(code_of(sessions_->authenticate(token, services::SubjectKind::person)), "SESSION_EXPIRED");
  const auto other = activate(zhang_id, "张建国", "135790", "alipay");
  clock_->advance(services::kPersonSessionLifetime);
  EXPECT_EQ(code_of(sessions_->authenticate(other, services::SubjectKind::person)), "SESSION_EXPIRED");
}

TEST_P(Credential, SwitchingTheCurrentEnrolmentOnlyToAnActiveOne) {
  const auto shenzhen = add_enrolment(zhang, "390", "440305", "normal", false);
  const auto paused = add_enrolment(zhang, "390", "310104", "paused", false);
  EXPECT_EQ(code_of(credentials_->switch_enrolment(zhang, paused)), "ENROLMENT_NOT_SWITCHABLE");
  EXPECT_EQ(code_of(credentials_->switch_enrolment(zhang, 999999)), "ENROLMENT_NOT_FOUND");
  ASSERT_TRUE(credentials_->switch_enrolment(zhang, shenzhen).ok());
  auto rows = db_->read([&](store::Tx& tx) { return store::PeopleRepo::enrolments_of(tx, zhang); });
  int current = 0;
  for (const auto& r : rows) {
    if (r.is_current) {
      ++current;
      EXPECT_EQ(r.id, shenzhen);
    }
  }
  EXPECT_EQ(current, 1);
}

TEST_P(Credential, OfflineActivationOnlyAfter24HoursOfFailedFaceChecks) {
  add_staff("bj_agent", "110000", "Agent2026demo");
  add_staff("sz_agent", "440300", "Agent2026demo");
  auto bj = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  auto sz = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "sz_agent"); });
  const auto psn = psn_no_of(zhang);
  EXPECT_EQ(code_of(agency_->offline_activate(*bj, psn, "app", "135790")), "OFFLINE_ACTIVATION_TOO_EARLY");
  EXPECT_EQ(code_of(credentials_->activate(request("app", "135790", "no_live_face"))), "FACE_NO_LIVE_FACE");
  clock_->advance(23h);
  EXPECT_EQ(code_of(agency_->offline_activate(*bj, psn, "app", "135790")), "OFFLINE_ACTIVATION_TOO_EARLY");
  clock_->advance(1h);
  EXPECT_EQ(code_of(agency_->offline_activate(*sz, psn, "app", "135790")), "STAFF_OUT_OF_REGION");
  ASSERT_TRUE(agency_->offline_activate(*bj, psn, "app", "135790").ok());
  EXPECT_TRUE(codes_->issue_own(zhang).ok());
}

YIBAO_INSTANTIATE_STORE_TEST(Credential);

class DynamicCode : public Credential {
 protected:
  void SetUp() override {
    Credential::SetUp();
    activate(zhang_id, "张建国", "135790");
    add_institution("H11010500001", "110105", "s3cret");
    institution = *db_->read([](store::Tx& tx) { return store::InstitutionRepo::find(tx, "H11010500001"); });
  }
  core::Result<services::DecodeResult> decode(const std::string& token, const std::string& business_type = "01101") {
    services::DecodeRequest req{token, business_type, "D001", "王医生", "K01", "门诊", "Scanner"};
    return codes_->decode(institution, req);
  }
  store::InstitutionRow institution;
};

TEST_P(DynamicCode, DecodeReturnsThePersonAndAnEcToken) {
  auto code = codes_->issue_own(zhang);
  ASSERT_TRUE(code.ok()) << code_of(code);
  EXPECT_EQ(code->ttl_seconds, 60);
  auto decoded = decode(code->token);
  ASSERT_TRUE(decoded.ok()) << code_of(decoded);
  EXPECT_EQ(decoded->person.id_number, zhang_id);
  EXPECT_EQ(decoded->insured_admdvs, "110105");
  EXPECT_EQ(decoded->ec_token.size(), 40u);
  EXPECT_TRUE(decoded->ec_token.starts_with("110105ec"));
  auto stored = db_->read([&](store::Tx& tx) { return store::InstitutionRepo::ec_token(tx, decoded->ec_token); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->person_id, zhang);
}

TEST_P(DynamicCode, ExpiredSpentTamperedAndForeignCodesFailWithTheirOwnReasons) {
  auto code = codes_->issue_own(zhang);
  ASSERT_TRUE(code.ok());
  std::string tampered = code->token;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(decode(tampered)), "QR_TAMPERED");
  EXPECT_EQ(code_of(decode("XX9" + code->token.substr(3))), "QR_FOREIGN");
  qr::CodeTokenCodec other_platform(qr::CodeTokenCodec::Key{});
  EXPECT_EQ(code_of(decode(other_platform.issue(qr::CodeClaims{1, 0, clock_->now(), 1}))), "QR_TAMPERED");

  ASSERT_TRUE(decode(code->token, "01101").ok()) << "registration does not spend the code";
  ASSERT_TRUE(decode(code->token, "01301").ok()) << "settlement spends it";
  EXPECT_EQ(code_of(decode(code->token, "01301")), "QR_CONSUMED");
  EXPECT_EQ(code_of(decode(code->token, "01101")), "QR_CONSUMED");

  auto fresh = codes_->issue_own(zhang);
  clock_->advance(61s);
  EXPECT_EQ(code_of(decode(fresh->token)), "QR_EXPIRED");
  EXPECT_EQ(code_of(decode(fresh->token, "99999")), "BUSINESS_TYPE_INVALID");
}

TEST_P(DynamicCode, TheRegionsTtlDecidesExpiry) {
  set_policy("110000", R"({"qr_ttl_seconds": 30})");
  auto code = codes_->issue_own(zhang);
  EXPECT_EQ(code->ttl_seconds, 30);
  clock_->advance(31s);
  EXPECT_EQ(code_of(decode(code->token)), "QR_EXPIRED");
}

TEST_P(DynamicCode, EveryDecodeIsRecordedForThePersonToSee) {
  auto code = codes_->issue_own(zhang);
  ASSERT_TRUE(decode(code->token, "01301").ok());
  EXPECT_FALSE(decode(code->token, "01301").ok());
  const auto rows = codes_->decodes_of(zhang);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].outcome, "QR_CONSUMED");
  EXPECT_EQ(rows[1].outcome, "ok");
  EXPECT_EQ(rows[1].institution_code, "H11010500001");
  EXPECT_EQ(rows[1].operator_name, "王医生");
}

TEST_P(DynamicCode, AFrozenCredentialsCodeIsRefusedAtDecode) {
  auto code = codes_->issue_own(zhang);
  add_staff("bj_agent", "110000", "Agent2026demo");
  auto staff = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  ASSERT_TRUE(agency_->freeze(*staff, psn_no_of(zhang), "核查中").ok());
  EXPECT_EQ(code_of(decode(code->token)), "CREDENTIAL_FROZEN");
}

TEST_P(DynamicCode, NoCodeWithoutAPin) {
  const std::string id = make_id_number("110105", today(), 10, 13);
  const auto child = add_person({"张小宇", id, "390", "110105", "normal", "1403"});
  EXPECT_EQ(code_of(codes_->issue_own(child)), "CREDENTIAL_INACTIVE");
  db_->write([&](store::Tx& tx) {
    auto c = *store::CredentialRepo::for_person(tx, child);
    c.state = "active";
    store::CredentialRepo::update(tx, c);
  });
  EXPECT_EQ(code_of(codes_->issue_own(child)), "PIN_NOT_SET");
}

TEST_P(DynamicCode, InstitutionSignatureTimestampAndNonceAreChecked) {
  const auto ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(clock_->now().time_since_epoch()).count());
  services::TifHeaders h{"H11010500001", ts, "nonce-1", services::tif_signature(ts, "s3cret", "nonce-1")};
  EXPECT_TRUE(services::authenticate_institution(*ctx_, h).ok());
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, h)), "INSTITUTION_NONCE_REUSED");
  services::TifHeaders forged = h;
  forged.nonce = "nonce-2";
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, forged)), "INSTITUTION_AUTH_FAILED");
  services::TifHeaders unknown{"H11010599999", ts, "nonce-3", services::tif_signature(ts, "s3cret", "nonce-3")};
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, unknown)), "INSTITUTION_AUTH_FAILED");
  const auto old = std::to_string(std::stoll(ts) - 301);
  services::TifHeaders stale{"H11010500001", old, "nonce-4", services::tif_signature(old, "s3cret", "nonce-4")};
  EXPECT_EQ(code_of(services::authenticate_institution(*ctx_, stale)), "INSTITUTION_TIMESTAMP_STALE");
}

YIBAO_INSTANTIATE_STORE_TEST(DynamicCode);

}  // namespace
}  // namespace yibao::testing
