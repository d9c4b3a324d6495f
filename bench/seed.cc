// yibao-bench-seed: the benchmark population (issue 7, item 8; docs/PERFORMANCE.md).
//
//   yibao-bench-seed --store URL --data-dir DIR --persons N --sessions M --out FILE
//
// Into a migrated, EMPTY store it writes, in batched transactions through the same repositories
// the services use (so every invariant `yibao audit` checks holds):
//   - N persons in 深圳南山 (440305, the national default policy), families of seven: six
//     employees (310, 1101) and one resident (390, 1501) with no account of their own;
//   - a current enrolment, an active credential with the app channel, and ONE argon2 PIN hash
//     computed once and shared (argon2 per person would take hours);
//   - each employee's 当年/历年 personal accounts funded by one balanced ledger transfer per
//     batch from the region's contribution-income account (no balance is written directly);
//   - each resident (1 in 7, ≈14 %) an effective mutual-aid authorisation from the family's
//     first employee (配偶), with its filing and "created" event;
//   - the demo catalogue, a "{}" policy for 440300, four hospitals with known keys;
//   - M citizen sessions (channel app) for a working subset spread over the population.
// FILE gets one line per institution ("institution CODE SECRET LEVEL") and per session
// ("session TOKEN self|aid PSN_NO"), read by yibao-bench-load.
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/config.h"
#include "app/platform.h"
#include "core/clock.h"
#include "core/id_number.h"
#include "services/account_service.h"
#include "services/catalogue_seed.h"
#include "store/admin_repo.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"
#include "store/people_repo.h"

namespace {

using namespace std::chrono;
using namespace yibao;

constexpr const char* kArea = "440305";
constexpr const char* kPolicyRegion = "440300";
constexpr int kFamily = 7;                    // six employees and one resident beneficiary
constexpr std::int64_t kCurrentFen = 50000;   // 当年 500.00
constexpr std::int64_t kPriorFen = 500000;    // 历年 5000.00

bool is_beneficiary(long long i) { return i % kFamily == kFamily - 1; }

std::string hex_secret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

// A valid, unique GB 11643 number per index: the birth date walks 20 000 days, the
// sequence takes the rest (1000 × 20 000 = 20 M distinct numbers).
std::string id_number_of(long long i, std::string* birth_date) {
  const year_month_day base{year{1950}, January, day{1}};
  const year_month_day birth{sys_days{base} + days{i % 20000}};
  *birth_date = core::format_date(birth);
  std::string date = *birth_date;
  date.erase(4, 1);
  date.erase(6, 1);
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03lld", (i / 20000) % 1000);
  const std::string first17 = std::string(kArea) + date + seq;
  return first17 + core::id_check_char(first17);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"yibao-bench-seed — the benchmark population (docs/PERFORMANCE.md)"};
  std::string store_url, data_dir = "var", out_file = "bench-world.txt";
  long long persons = 100000;
  long long sessions = 4000;
  long long batch = 2000;
  cli.add_option("--store", store_url, "sqlite:PATH or postgresql://…")->required();
  cli.add_option("--data-dir", data_dir, "yibao data dir (secrets)");
  cli.add_option("--persons", persons, "persons to create (default 100000)");
  cli.add_option("--sessions", sessions, "citizen sessions for the load client (default 4000)");
  cli.add_option("--batch", batch, "persons per transaction (default 2000)");
  cli.add_option("--out", out_file, "where the load client's world file goes");
  CLI11_PARSE(cli, argc, argv);
  if (persons < kFamily || sessions < 1 || batch < kFamily) {
    std::cerr << "yibao-bench-seed: --persons ≥ 7, --sessions ≥ 1, --batch ≥ 7\n";
    return 2;
  }
  batch -= batch % kFamily;  // whole families per transaction: an authoriser is never in a later batch

  app::ConfigSources sources;
  sources.environment = app::process_environment();
  sources.overrides = {{"store.url", store_url}, {"paths.data_dir", data_dir}};
  auto config = app::load_config(sources);
  if (!config) {
    std::cerr << "yibao-bench-seed: " << config.error().detail << "\n";
    return 2;
  }
  try {
    auto built = app::Platform::build(*config);
    if (!built) {
      std::cerr << "yibao-bench-seed: " << built.error().detail << "\n";
      return 1;
    }
    auto& platform = **built;
    auto& ctx = platform.context();
    auto& db = platform.db();
    if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");

    const long long existing = db.read([](store::Tx& tx) {
      long long n = 0;
      tx.sql() << "SELECT COUNT(*) FROM persons", soci::into(n);
      return n;
    });
    if (existing > 0) {
      std::cerr << "yibao-bench-seed: the store already has " << existing << " persons; seed an empty store\n";
      return 1;
    }

    const auto started = steady_clock::now();
    const std::int64_t now = services::now_us(ctx.clock);
    const year_month_day today = core::shanghai_date(ctx.clock.now());
    const std::string enrolled = core::format_date(year_month_day{today.year() - years{3}, January, day{1}});
    const std::string aid_from = core::format_date(year_month_day{today.year() - years{1}, January, day{1}});
    // One PIN hash for everybody (the PIN is never used by the flow: the code needs a PIN set).
    const std::string pin_hash = ctx.hasher.hash("135790");

    struct Inst {
      std::string code, level, secret;
    };
    std::vector<Inst> institutions = {{"H44030500101", "3", hex_secret()},
                                      {"H44030500102", "3", hex_secret()},
                                      {"H44030500103", "2", hex_secret()},
                                      {"H44030500104", "1", hex_secret()}};
    db.write([&](store::Tx& tx) {
      services::seed_catalogue(tx);
      if (!store::AdminRepo::policy(tx, kPolicyRegion)) {
        store::AdminRepo::save_policy(tx, store::PolicyRow{kPolicyRegion, "深圳市（压测：全国默认政策）", "{}", 1, now, "bench-seed"},
                                      "压测数据初始化 / bench seed");
      }
      for (const auto& i : institutions) {
        store::InstitutionRepo::upsert(
            tx, store::InstitutionRow{i.code, "压测医院" + i.code.substr(9), "hospital", i.level, "440305", i.secret, "active"},
            now);
      }
    });

    // Sessions: one person in every (persons / sessions), so the working subset spans the store.
    const long long stride = std::max<long long>(1, persons / sessions);
    struct SessionOut {
      std::string token, kind, psn_no;
    };
    std::vector<SessionOut> issued;

    long long done = 0;
    for (long long first = 0; first < persons; first += batch) {
      const long long last = std::min(persons, first + batch);
      db.write([&](store::Tx& tx) {
        std::vector<SessionOut> batch_sessions;
        const auto income = store::LedgerRepo::ensure_account(tx, services::contribution_income_code(kArea),
                                                              "contribution_income", std::nullopt, kArea, false, now);
        store::TransferRequest funding;
        funding.idempotency_key = "bench_opening:" + std::to_string(first);
        funding.kind = "correction";
        funding.reference = "bench";
        funding.note = "压测数据：期初余额 / bench opening balances";
        std::int64_t family_employee = 0;
        for (long long i = first; i < last; ++i) {
          const bool beneficiary = is_beneficiary(i);
          store::PersonRow row;
          row.id_number = id_number_of(i, &row.birth_date);
          row.psn_no = store::PeopleRepo::next_psn_no(tx, kArea);
          row.name = "压测" + std::to_string(i);
          row.gend = (row.id_number[16] - '0') % 2 == 1 ? "1" : "2";
          row.created_at_us = now;
          const std::int64_t person_id = store::PeopleRepo::insert_person(tx, row);

          store::EnrolmentRow e;
          e.person_id = person_id;
          e.insutype = beneficiary ? "390" : "310";
          e.admdvs = kArea;
          e.psn_type = beneficiary ? "1501" : "1101";
          e.status = "normal";
          e.start_date = enrolled;
          e.benefits_from = enrolled;
          if (!beneficiary) e.emp_name = "压测单位有限公司";
          e.is_current = true;
          e.created_at_us = now;
          store::PeopleRepo::insert_enrolment(tx, e);

          auto credential = store::CredentialRepo::ensure_for_person(tx, person_id, now);
          credential.state = "active";
          credential.pin_hash = pin_hash;
          credential.activated_at_us = now;
          credential.updated_at_us = now;
          store::CredentialRepo::update(tx, credential);
          store::CredentialRepo::activate_channel(tx, credential.id, "app", "face", now);

          if (!beneficiary) {
            services::ensure_personal_accounts(tx, person_id, kArea, now);
            const auto cur = store::LedgerRepo::account(tx, services::current_account_code(person_id));
            const auto pri = store::LedgerRepo::account(tx, services::prior_account_code(person_id));
            funding.legs.push_back(store::LedgerLeg{income.id, cur->id, kCurrentFen, "bench:opening_current"});
            funding.legs.push_back(store::LedgerLeg{income.id, pri->id, kPriorFen, "bench:opening_prior"});
            if (i % kFamily == 0) family_employee = person_id;
          } else if (family_employee != 0) {
            store::MutualAidRepo::insert_filing(tx, family_employee, person_id, "spouse", "bench", now);
            store::AuthorisationRow a;
            a.authoriser_person_id = family_employee;
            a.beneficiary_person_id = person_id;
            a.relation = "spouse";
            a.status = "active";
            a.effective_from = aid_from;
            a.created_at_us = now;
            const auto id = store::MutualAidRepo::insert(tx, a);
            store::MutualAidRepo::add_event(tx, store::AidEventRow{id, "created", "bench", "压测数据", now});
          }
          // The k-th stride picks family position k mod 7, so the subset holds beneficiaries too.
          const bool pick = stride < kFamily || i % stride == (i / stride) % kFamily;
          if (pick && static_cast<long long>(issued.size() + batch_sessions.size()) < sessions) {
            auto s = platform.sessions().issue(tx, services::SubjectKind::person, person_id, "app");
            batch_sessions.push_back({s.token, beneficiary ? "aid" : "self", row.psn_no});
          }
        }
        if (!funding.legs.empty()) {
          auto posted = store::LedgerRepo::post(tx, funding, now);
          if (!posted) throw std::runtime_error("funding transfer refused: " + posted.error().detail);
        }
        // A retried transaction re-runs this lambda: keep only the last attempt's sessions.
        issued.insert(issued.end(), batch_sessions.begin(), batch_sessions.end());
      });
      done = last;
      if ((done / batch) % 10 == 0 || done == persons) {
        const double secs = duration<double>(steady_clock::now() - started).count();
        std::cerr << "yibao-bench-seed: " << done << "/" << persons << " persons, " << static_cast<long long>(done / secs)
                  << " persons/s\n";
      }
    }

    std::ofstream out(out_file);
    out << "# yibao bench world: institutions (code secret level) and citizen sessions (token kind psn_no)\n";
    for (const auto& i : institutions) out << "institution " << i.code << " " << i.secret << " " << i.level << "\n";
    for (const auto& s : issued) out << "session " << s.token << " " << s.kind << " " << s.psn_no << "\n";
    out.close();
    if (!out) {
      std::cerr << "yibao-bench-seed: cannot write " << out_file << "\n";
      return 1;
    }
    const double secs = duration<double>(steady_clock::now() - started).count();
    std::printf("seeded %lld persons (%lld mutual-aid beneficiaries), %zu sessions, %zu institutions in %.1f s (%.0f persons/s)\n",
                persons, persons / kFamily, issued.size(), institutions.size(), secs, persons / secs);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao-bench-seed: " << e.what() << "\n";
    return 1;
  }
}
