// The demo world (services/demo_world.h, docs/DEMO.md) on both stores: what `make run` seeds
// must be valid data, shaped as the walkthrough says, and seeded only once.
#include "services/demo_world.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/parse.hpp>
#include <filesystem>

#include <gtest/gtest.h>

#include "providers/birth_certificate_simulator.h"

#include "core/id_number.h"
#include "domain/policy.h"
#include "providers/face_simulator.h"
#include "store/admin_repo.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "support/test_store.h"

namespace yibao::services {
namespace {

using namespace std::chrono;
using testing::StoreTest;

const core::TimePoint kNow = sys_days{year{2026} / March / 15} + 3h;

struct Counts {
  long long persons = 0, enrolments = 0, credentials = 0, accounts = 0, staff = 0, institutions = 0, policies = 0,
            channels = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

class DemoWorld : public StoreTest {
 protected:
  core::FakeClock clock{kNow};
  core::RegionDirectory regions = core::RegionDirectory::load(YIBAO_DEFAULT_REGIONS_FILE).value();
  Keys keys{};
  providers::FaceSimulator face{clock};
  qr::CodeTokenCodec codes{qr::CodeTokenCodec::Key{}};
  PasswordHasher hasher{HashCost::fast};

  ServiceContext context() { return ServiceContext{*db_, clock, regions, keys, face, codes, hasher}; }

  Counts counts() {
    return db_->read([](store::Tx& tx) {
      auto count = [&](const std::string& table) {
        long long n = 0;
        tx.run(("SELECT COUNT(*) FROM " + table), soci::into(n));
        return n;
      };
      return Counts{count("persons"),  count("enrolments"),   count("credentials"),     count("accounts"),
                    count("staff"),    count("institutions"), count("region_policies"), count("credential_channels")};
    });
  }

  std::vector<store::PersonRow> persons_named(const std::string& name) {
    return db_->read([&](store::Tx& tx) {
      store::PersonSearch q;
      q.name = name;
      return store::PeopleRepo::search(tx, q);
    });
  }
};

TEST_P(DemoWorld, SeedsTheWorldTheWalkthroughDescribes) {
  ServiceContext ctx = context();
  const DemoSummary summary = seed_demo_world(ctx);
  ASSERT_TRUE(summary.seeded);

  // 14 people, 刘洋 recorded twice.
  const Counts c = counts();
  EXPECT_EQ(c.persons, 15);
  EXPECT_EQ(c.credentials, 15);
  EXPECT_EQ(c.enrolments, 16);  // 王芳 has two
  EXPECT_EQ(c.accounts, 7);
  EXPECT_EQ(c.channels, 7);
  EXPECT_EQ(c.staff, 3);
  EXPECT_EQ(c.institutions, 4);
  EXPECT_EQ(c.policies, 3);
  EXPECT_EQ(summary.logins.size(), 7u);
  EXPECT_EQ(summary.staff.size(), 3u);
  EXPECT_EQ(summary.people.size(), 15u);
  // The newborn's 出生医学证明 names 吴婷 as the mother and the baby's own ID number.
  ASSERT_EQ(summary.birth_certificates.size(), 1u);
  const auto& certificate = summary.birth_certificates[0];
  EXPECT_EQ(certificate.baby_name, "吴小满");
  EXPECT_EQ(certificate.mother_name, "吴婷");
  providers::BirthCertificateSimulator simulator;
  const auto fixture = std::filesystem::path(YIBAO_TEST_TMP_DIR) / testing::unique_name("certs") / "birth.jsonl";
  ASSERT_TRUE(providers::BirthCertificateSimulator::save(fixture, summary.birth_certificates).ok());
  ASSERT_TRUE(simulator.load(fixture).ok());
  auto found = simulator.lookup({"吴婷", certificate.mother_id_number, certificate.certificate_no});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->baby_id_number, certificate.baby_id_number);
  ASSERT_EQ(summary.institutions.size(), 4u);

  // Institution secrets: 32 random bytes in hex, different each time, as stored.
  std::set<std::string> secrets;
  for (const auto& i : summary.institutions) {
    EXPECT_EQ(i.secret.size(), 64u) << i.code;
    EXPECT_EQ(i.secret.find_first_not_of("0123456789abcdef"), std::string::npos) << i.code;
    secrets.insert(i.secret);
    const auto stored = db_->read([&](store::Tx& tx) { return store::InstitutionRepo::find(tx, i.code); });
    ASSERT_TRUE(stored) << i.code;
    EXPECT_EQ(stored->secret, i.secret);
    EXPECT_NE(stored->name.find("演示"), std::string::npos);
  }
  EXPECT_EQ(secrets.size(), 4u);

  const auto today = core::shanghai_date(kNow);
  db_->read([&](store::Tx& tx) {
    long long ids = 0;
    // Every person: a valid ID number whose sex and birth date match the row, one current enrolment.
    for (const auto& p : summary.people) {
      auto id = core::IdNumber::parse(p.id_number, today);
      ASSERT_TRUE(id.ok()) << p.name << " " << p.id_number;
      const auto row = store::PeopleRepo::person_by_psn_no(tx, p.psn_no);
      ASSERT_TRUE(row) << p.name;
      EXPECT_EQ(row->id_number, p.id_number);
      EXPECT_EQ(row->gend, id->sex() == core::Sex::male ? "1" : "2") << p.name;
      EXPECT_EQ(row->birth_date, core::format_date(id->birth_date())) << p.name;
      const auto enrolments = store::PeopleRepo::enrolments_of(tx, row->id);
      EXPECT_EQ(std::count_if(enrolments.begin(), enrolments.end(), [](const auto& e) { return e.is_current; }), 1)
          << p.name;
      for (const auto& e : enrolments) {
        EXPECT_EQ(e.status, "normal");
        EXPECT_TRUE(regions.resolve(e.admdvs).ok()) << e.admdvs;
      }
      ++ids;
    }
    EXPECT_EQ(ids, 15);

    // 医保钱包: 张建国 holds 500.00 of his 历年 for his sister in 上海 as a 共济额度.
    long long held = 0, quotas = 0, wallets = 0;
    tx.run("SELECT COUNT(*) FROM wallets", soci::into(wallets));
    tx.run("SELECT COUNT(*) FROM wallet_quotas WHERE status = 'active' AND amount = 50000", soci::into(quotas));
    tx.run("SELECT COALESCE(SUM(amount), 0) FROM ledger_holds WHERE kind = 'quota' AND status = 'pending'", soci::into(held));
    EXPECT_EQ(wallets, 2);
    EXPECT_EQ(quotas, 1);
    EXPECT_EQ(held, 50000);

    // Ages follow the clock.
    const auto zhang = store::PeopleRepo::persons_by_id_number(
        tx, std::find_if(summary.people.begin(), summary.people.end(), [](const auto& p) { return p.name == "张建国"; })
                ->id_number);
    ASSERT_EQ(zhang.size(), 1u);
    EXPECT_EQ(core::IdNumber::parse(zhang[0].id_number, today)->age_on(today), 45);
    EXPECT_EQ(zhang[0].gend, "1");

    // Logins: an account per phone, with the documented password; an active PIN.
    for (const auto& login : summary.logins) {
      const auto account = store::PeopleRepo::account_by_phone(tx, login.phone);
      ASSERT_TRUE(account) << login.phone;
      EXPECT_TRUE(hasher.verify("Demo2026yb", account->password_hash)) << login.phone;
      const auto credential = store::CredentialRepo::for_person(tx, account->person_id);
      ASSERT_TRUE(credential && credential->pin_hash);
      EXPECT_TRUE(hasher.verify("135790", *credential->pin_hash));
      const auto channels = store::CredentialRepo::channels(tx, credential->id);
      ASSERT_EQ(channels.size(), 1u);
      EXPECT_EQ(channels[0].channel, "app");
      EXPECT_EQ(channels[0].status, "active");
    }

    // Staff log in with the documented password.
    for (const auto& username : {"bj_agent", "sh_agent", "sz_agent"}) {
      const auto staff = store::AdminRepo::staff_by_username(tx, username);
      ASSERT_TRUE(staff) << username;
      EXPECT_TRUE(hasher.verify("Agent2026demo", staff->password_hash));
    }
  });

  // 刘洋: two records, one ID number, credentials inactive.
  const auto liu = persons_named("刘洋");
  ASSERT_EQ(liu.size(), 2u);
  EXPECT_EQ(liu[0].id_number, liu[1].id_number);
  EXPECT_NE(liu[0].psn_no, liu[1].psn_no);
  db_->read([&](store::Tx& tx) {
    for (const auto& p : liu) {
      EXPECT_EQ(store::CredentialRepo::for_person(tx, p.id)->state, "inactive");
      EXPECT_FALSE(store::PeopleRepo::account_of(tx, p.id));
      EXPECT_EQ(store::PeopleRepo::enrolments_of(tx, p.id).size(), 1u);
      // Read together with the person: both records count as active under one ID number.
      auto insured = store::PeopleRepo::insured_by_id(tx, p.id);
      ASSERT_TRUE(insured);
      EXPECT_EQ(insured->person.psn_no, p.psn_no);
      EXPECT_EQ(insured->active_records_with_id_number, 2);
      ASSERT_EQ(insured->enrolments.size(), 1u);
      EXPECT_EQ(insured->enrolments[0].insutype, "310");
      EXPECT_FALSE(insured->enrolments[0].end_date);
    }
  });

  // 王芳: two enrolments in two regions, exactly one current (Shanghai employee).
  const auto wang = persons_named("王芳");
  ASSERT_EQ(wang.size(), 1u);
  db_->read([&](store::Tx& tx) {
    const auto enrolments = store::PeopleRepo::enrolments_of(tx, wang[0].id);
    ASSERT_EQ(enrolments.size(), 2u);
    EXPECT_EQ(std::count_if(enrolments.begin(), enrolments.end(), [](const auto& e) { return e.is_current; }), 1);
    for (const auto& e : enrolments) {
      EXPECT_EQ(e.is_current, e.admdvs == "310104") << e.admdvs;
    }
  });

  // 陈静: frozen with the agency's note.
  const auto chen = persons_named("陈静");
  ASSERT_EQ(chen.size(), 1u);
  db_->read([&](store::Tx& tx) {
    const auto credential = store::CredentialRepo::for_person(tx, chen[0].id);
    EXPECT_EQ(credential->state, "frozen");
    EXPECT_EQ(credential->state_note, std::optional<std::string>("涉嫌冒用他人医保凭证，待核查（演示）"));
  });

  // 赵敏: face failing for 30 hours, not activated.
  const auto zhao = persons_named("赵敏");
  ASSERT_EQ(zhao.size(), 1u);
  db_->read([&](store::Tx& tx) {
    const auto credential = store::CredentialRepo::for_person(tx, zhao[0].id);
    EXPECT_EQ(credential->state, "inactive");
    ASSERT_TRUE(credential->face_failing_since_us);
    EXPECT_EQ(now_us(clock) - *credential->face_failing_since_us, 30LL * 3600 * 1'000'000);
    EXPECT_FALSE(store::PeopleRepo::account_of(tx, zhao[0].id));
  });

  // 孙丽: in the waiting period — enrolled 20 days ago, benefits 90 days after that.
  const auto sun = persons_named("孙丽");
  ASSERT_EQ(sun.size(), 1u);
  db_->read([&](store::Tx& tx) {
    const auto enrolments = store::PeopleRepo::enrolments_of(tx, sun[0].id);
    ASSERT_EQ(enrolments.size(), 1u);
    EXPECT_EQ(enrolments[0].start_date, core::format_date(year_month_day{sys_days{today} - days{20}}));
    EXPECT_EQ(enrolments[0].benefits_from, core::format_date(year_month_day{sys_days{today} + days{70}}));
  });

  // The three region policies parse as policy.
  const auto policies = db_->read([](store::Tx& tx) { return store::AdminRepo::policies(tx); });
  ASSERT_EQ(policies.size(), 3u);
  std::map<std::string, domain::RegionPolicy> parsed;
  for (const auto& p : policies) {
    const auto json = boost::json::parse(p.knobs);
    ASSERT_TRUE(json.is_object()) << p.admdvs;
    auto policy = domain::parse_policy(json.as_object());
    ASSERT_TRUE(policy.ok()) << p.admdvs << ": " << p.knobs;
    parsed.emplace(p.admdvs, policy.value());
  }
  EXPECT_TRUE(parsed.at("110000").mutual_aid_filing);
  EXPECT_EQ(parsed.at("110000").family_use_scope, domain::UseScope::same_province);
  EXPECT_EQ(parsed.at("110000").mutual_aid_waiting_days, 30);
  EXPECT_EQ(parsed.at("310000").pin_lock_minutes, 30);
  EXPECT_EQ(parsed.at("310000").mutual_aid_relations.size(), 5u);
  EXPECT_EQ(parsed.at("440300").pin_lock_minutes, 60);

  // The rendered summary carries the grep-able lines scripts/demo-decode reads.
  const std::string text = render_demo_summary(summary);
  for (const auto& i : summary.institutions) {
    EXPECT_NE(text.find("\ninstitution " + i.code + " secret " + i.secret + " | "), std::string::npos) << text;
  }
  EXPECT_NE(text.find("\nlogin 13800000001 password Demo2026yb pin 135790 | 张建国 | "), std::string::npos) << text;
  EXPECT_NE(text.find("\nstaff sh_agent password Agent2026demo admdvs 310000 | "), std::string::npos) << text;
}

TEST_P(DemoWorld, SeedingTwiceChangesNothing) {
  ServiceContext ctx = context();
  ASSERT_TRUE(seed_demo_world(ctx).seeded);
  const Counts before = counts();
  const auto secret_before =
      db_->read([](store::Tx& tx) { return store::InstitutionRepo::find(tx, "H11010500001")->secret; });

  clock.advance(hours{24 * 400});  // a year later: other ID numbers would be generated
  const DemoSummary again = seed_demo_world(ctx);
  EXPECT_FALSE(again.seeded);
  EXPECT_TRUE(again.logins.empty());
  EXPECT_TRUE(again.institutions.empty());
  EXPECT_TRUE(again.people.empty());
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(db_->read([](store::Tx& tx) { return store::InstitutionRepo::find(tx, "H11010500001")->secret; }),
            secret_before);
  EXPECT_NE(render_demo_summary(again).find("not seeded"), std::string::npos);
}

TEST_P(DemoWorld, AgesStayRightInAnyYearIncludingALeapDay) {
  clock.set(sys_days{year{2028} / February / 29} + 3h);  // 11:00 on Feb 29 in Shanghai
  ServiceContext ctx = context();
  const DemoSummary summary = seed_demo_world(ctx);
  ASSERT_TRUE(summary.seeded);
  const auto today = core::shanghai_date(clock.now());
  const std::map<std::string, int> ages = {{"张建国", 45}, {"李秀英", 43}, {"张德福", 78}, {"王桂兰", 76},
                                           {"张小宇", 10}, {"张晓雨", 17}, {"王芳", 35},   {"刘洋", 52},
                                           {"陈静", 29},   {"赵敏", 40},   {"孙丽", 31},   {"吴婷", 28},
                                           {"吴小满", 0},  {"张建华", 50}};
  for (const auto& p : summary.people) {
    auto id = core::IdNumber::parse(p.id_number, today);
    ASSERT_TRUE(id.ok()) << p.id_number;
    EXPECT_EQ(id->age_on(today), ages.at(p.name)) << p.name;
  }
}

YIBAO_INSTANTIATE_STORE_TEST(DemoWorld);

}  // namespace
}  // namespace yibao::services
