#include "support/service_fixture.h"

#include <cstdio>

#include "core/id_number.h"
#include "services/account_service.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/people_repo.h"

namespace yibao::testing {

std::chrono::system_clock::time_point fixture_start() {
  using namespace std::chrono;
  // 2026-11-23 02:00 UTC = 10:00 in Shanghai.
  return sys_days{year{2026} / November / 23} + hours{2};
}

std::string make_id_number(const std::string& area, std::chrono::year_month_day today, int years_ago, int sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%04d%02u%02u%03d", area.c_str(), static_cast<int>(today.year()) - years_ago,
                static_cast<unsigned>(today.month()), std::min(28u, static_cast<unsigned>(today.day())), sequence % 1000);
  std::string first17(buf);
  return first17 + core::id_check_char(first17);
}

void ServiceTest::SetUp() {
  StoreTest::SetUp();
  clock_ = std::make_unique<core::FakeClock>(fixture_start());
  auto regions = core::RegionDirectory::load(YIBAO_DEFAULT_REGIONS_FILE);
  ASSERT_TRUE(regions.ok());
  regions_ = std::make_unique<core::RegionDirectory>(std::move(*regions));
  keys_.code_mac_key.fill(7);
  keys_.session_pepper.fill(9);
  face_ = std::make_unique<providers::FaceSimulator>(*clock_);
  codec_ = std::make_unique<qr::CodeTokenCodec>(keys_.code_mac_key);
  hasher_ = std::make_unique<services::PasswordHasher>(services::HashCost::fast);
  ctx_.reset(new services::ServiceContext{*db_, *clock_, *regions_, keys_, *face_, *codec_, *hasher_});
  sessions_ = std::make_unique<services::SessionService>(*ctx_);
  credentials_ = std::make_unique<services::CredentialService>(*ctx_, *sessions_);
  codes_ = std::make_unique<services::CodeService>(*ctx_);
  agency_ = std::make_unique<services::AgencyService>(*ctx_, *sessions_);
}

void ServiceTest::TearDown() {
  agency_.reset();
  codes_.reset();
  credentials_.reset();
  sessions_.reset();
  ctx_.reset();
  StoreTest::TearDown();
}

std::chrono::year_month_day ServiceTest::today() const { return core::shanghai_date(clock_->now()); }

std::int64_t ServiceTest::add_person(const PersonSpec& spec) {
  return db_->write([&](store::Tx& tx) {
    auto id = core::IdNumber::parse(spec.id_number, today());
    EXPECT_TRUE(id.ok()) << spec.id_number;
    store::PersonRow row;
    row.psn_no = store::PeopleRepo::next_psn_no(tx, spec.admdvs);
    row.id_number = spec.id_number;
    row.name = spec.name;
    row.gend = id->sex() == core::Sex::male ? "1" : "2";
    row.birth_date = core::format_date(id->birth_date());
    row.created_at_us = services::now_us(*clock_);
    const auto person = store::PeopleRepo::insert_person(tx, row);
    store::EnrolmentRow e;
    e.person_id = person;
    e.insutype = spec.insutype;
    e.admdvs = spec.admdvs;
    e.psn_type = spec.psn_type;
    e.status = spec.status;
    e.start_date = "2020-01-01";
    e.benefits_from = "2020-01-01";
    e.is_current = true;
    e.created_at_us = row.created_at_us;
    store::PeopleRepo::insert_enrolment(tx, e);
    store::CredentialRepo::ensure_for_person(tx, person, row.created_at_us);
    return person;
  });
}

std::int64_t ServiceTest::add_enrolment(std::int64_t person_id, const std::string& insutype, const std::string& admdvs,
                                        const std::string& status, bool current) {
  return db_->write([&](store::Tx& tx) {
    if (current) store::PeopleRepo::set_current_enrolment(tx, person_id, std::nullopt);
    store::EnrolmentRow e;
    e.person_id = person_id;
    e.insutype = insutype;
    e.admdvs = admdvs;
    e.psn_type = insutype == "310" ? "1101" : "1501";
    e.status = status;
    e.start_date = "2021-01-01";
    e.benefits_from = "2021-01-01";
    e.is_current = current;
    e.created_at_us = services::now_us(*clock_);
    return store::PeopleRepo::insert_enrolment(tx, e);
  });
}

std::string ServiceTest::psn_no_of(std::int64_t person_id) {
  return db_->read([&](store::Tx& tx) { return store::PeopleRepo::person_by_id(tx, person_id)->psn_no; });
}

void ServiceTest::set_policy(const std::string& admdvs, const std::string& knobs_json) {
  db_->write([&](store::Tx& tx) {
    store::PolicyRow row{admdvs, "测试政策", knobs_json, 1, services::now_us(*clock_), "test"};
    store::AdminRepo::save_policy(tx, row, "test");
  });
}

std::int64_t ServiceTest::add_staff(const std::string& username, const std::string& admdvs, const std::string& password) {
  const std::string hash = hasher_->hash(password);
  return db_->write([&](store::Tx& tx) {
    return store::AdminRepo::insert_staff(tx, store::StaffRow{0, username, "经办员", hash, admdvs}, services::now_us(*clock_));
  });
}

void ServiceTest::add_institution(const std::string& code, const std::string& admdvs, const std::string& secret) {
  db_->write([&](store::Tx& tx) {
    store::InstitutionRow row{code, "测试医院", code[0] == 'H' ? "hospital" : "pharmacy", "3", admdvs, secret, "active"};
    store::InstitutionRepo::upsert(tx, row, services::now_us(*clock_));
  });
}

void ServiceTest::fund(std::int64_t person, std::int64_t current, std::int64_t prior) {
  db_->write([&](store::Tx& tx) {
    const auto now = services::now_us(*clock_);
    services::ensure_personal_accounts(tx, person, "110105", now);
    const auto income = store::LedgerRepo::ensure_account(tx, "income:110105:310", "contribution_income", std::nullopt,
                                                          "110105", false, now);
    store::TransferRequest t{"fund:" + std::to_string(person), "correction", "test", "", {}};
    if (current > 0) {
      t.legs.push_back({income.id, store::LedgerRepo::account(tx, services::current_account_code(person))->id, current, "t"});
    }
    if (prior > 0) {
      t.legs.push_back({income.id, store::LedgerRepo::account(tx, services::prior_account_code(person))->id, prior, "t"});
    }
    EXPECT_TRUE(store::LedgerRepo::post(tx, t, now).ok());
  });
}

std::string ServiceTest::face(const std::string& id_number, const std::string& name, providers::FacePurpose purpose,
                              const std::string& sample, const std::string& channel) {
  auto ticket = credentials_->start_face_check(channel, id_number, name, purpose);
  EXPECT_TRUE(ticket.ok()) << (ticket.ok() ? "" : std::string(core::info(ticket.reason()).code));
  if (!ticket.ok()) return {};
  EXPECT_TRUE(face_->complete(ticket->ticket, sample).ok());
  return ticket->ticket;
}

std::string ServiceTest::activate(const std::string& id_number, const std::string& name, const std::string& pin,
                                  const std::string& channel) {
  services::ActivateRequest req;
  req.channel = channel;
  req.id_number = id_number;
  req.name = name;
  req.pin = pin;
  req.face_ticket = face(id_number, name, providers::FacePurpose::activation, "pass", channel);
  auto result = credentials_->activate(req);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : std::string(core::info(result.reason()).code) + " " + result.error().detail);
  return result.ok() ? result->session.token : std::string();
}

}  // namespace yibao::testing
