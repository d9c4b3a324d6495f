// yibao-bench-seed: the benchmark population (issue 7, item 8; docs/PERFORMANCE.md).
//
//   yibao-bench-seed --store URL --data-dir DIR --persons N --sessions M --out FILE
//
// Into a migrated, EMPTY store it writes, in batched transactions (whole families each): the
// rows PeopleRepo / CredentialRepo / LedgerRepo::ensure_account write, as multi-row INSERTs of
// the same columns; the money through LedgerRepo::post, authorisations through MutualAidRepo,
// sessions through SessionService — so every invariant `yibao audit` checks holds:
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
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
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

// A SQL string literal (the only text from outside is the PIN hash).
std::string sql_text(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Multi-row INSERT in chunks of 500 rows: one round trip per chunk instead of per row.
void insert_rows(store::Tx& tx, const std::string& head, const std::vector<std::string>& rows) {
  for (std::size_t at = 0; at < rows.size(); at += 500) {
    std::string sql = head;
    for (std::size_t k = at; k < std::min(rows.size(), at + 500); ++k) {
      if (k != at) sql += ',';
      sql += rows[k];
    }
    tx.run(sql);
  }
}

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
  int threads = 1;
  cli.add_option("--store", store_url, "sqlite:PATH or postgresql://…")->required();
  cli.add_option("--data-dir", data_dir, "yibao data dir (secrets)");
  cli.add_option("--persons", persons, "persons to create (default 100000)");
  cli.add_option("--sessions", sessions, "citizen sessions for the load client (default 4000)");
  cli.add_option("--batch", batch, "persons per transaction (default 2000)");
  cli.add_option("--out", out_file, "where the load client's world file goes");
  cli.add_option("--threads", threads, "parallel batch writers (PostgreSQL: 2–4 pays; SQLite: 1)");
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
      tx.run("SELECT COUNT(*) FROM persons", soci::into(n));
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

    std::mutex mu;
    std::atomic<long long> next_batch{0};
    long long done = 0;
    std::string failure;
    auto writer = [&] {
      try {
    for (;;) {
      const long long first = next_batch.fetch_add(batch);
      if (first >= persons) break;
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
        const long long n = last - first;
        // 1. Persons, in multi-row INSERTs (the columns PeopleRepo::insert_person writes); their
        //    ids read back by psn_no, which is the index in next_psn_no's format (region + 12
        //    digits) rather than MAX(id) + 1, so parallel writers never collide.
        auto psn_no_of = [](long long i) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%s%012lld", kArea, i + 1);
          return std::string(buf);
        };
        std::vector<std::string> rows;
        rows.reserve(static_cast<std::size_t>(n));
        for (long long i = first; i < last; ++i) {
          std::string birth;
          const std::string id_number = id_number_of(i, &birth);
          const char* gend = (id_number[16] - '0') % 2 == 1 ? "1" : "2";
          rows.push_back("('" + psn_no_of(i) + "','" + id_number + "','压测" + std::to_string(i) + "','" + gend + "','" +
                         birth + "','01',NULL,'active'," + std::to_string(now) + ")");
        }
        insert_rows(tx, "INSERT INTO persons (psn_no, id_number, name, gend, birth_date, naty, phone, status, created_at_us) VALUES ",
                    rows);
        std::vector<std::int64_t> pid(static_cast<std::size_t>(n), 0);
        {
          std::vector<long long> ids(static_cast<std::size_t>(n));
          std::vector<std::string> nos(static_cast<std::size_t>(n));
          const std::string lo = psn_no_of(first), hi = psn_no_of(last - 1);
          tx.run("SELECT id, psn_no FROM persons WHERE psn_no >= :lo AND psn_no <= :hi", soci::into(ids),
              soci::into(nos), soci::use(lo), soci::use(hi));
          if (static_cast<long long>(ids.size()) != n) throw std::runtime_error("persons read back: wrong count");
          for (std::size_t k = 0; k < ids.size(); ++k) pid[static_cast<std::size_t>(std::stoll(nos[k].substr(6)) - 1 - first)] = ids[k];
        }
        const std::int64_t pid_lo = *std::min_element(pid.begin(), pid.end());
        const std::int64_t pid_hi = *std::max_element(pid.begin(), pid.end());
        std::map<std::int64_t, long long> index_of;  // person id → index
        for (long long i = first; i < last; ++i) index_of[pid[static_cast<std::size_t>(i - first)]] = i;

        // 2. Current enrolments (PeopleRepo::insert_enrolment's columns).
        rows.clear();
        for (long long i = first; i < last; ++i) {
          const bool b = is_beneficiary(i);
          rows.push_back("(" + std::to_string(pid[static_cast<std::size_t>(i - first)]) + ",'" + (b ? "390" : "310") + "','" +
                         kArea + "','" + (b ? "1501" : "1101") + "','normal','" + enrolled + "',NULL,'" + enrolled + "'," +
                         (b ? "NULL" : "'压测单位有限公司'") + ",1," + std::to_string(now) + ")");
        }
        insert_rows(tx,
                    "INSERT INTO enrolments (person_id, insutype, admdvs, psn_type, status, start_date, end_date, benefits_from,"
                    " emp_name, is_current, created_at_us) VALUES ",
                    rows);

        // 3. Active credentials with the shared PIN hash, and their app channel (the rows
        //    CredentialRepo::ensure_for_person + update + activate_channel leave behind).
        rows.clear();
        for (auto id : pid) {
          rows.push_back("(" + std::to_string(id) + ",'active'," + sql_text(pin_hash) + ",0," + std::to_string(now) + "," +
                         std::to_string(now) + ")");
        }
        insert_rows(tx, "INSERT INTO credentials (person_id, state, pin_hash, pin_failures, activated_at_us, updated_at_us) VALUES ",
                    rows);
        {
          std::vector<long long> cids(static_cast<std::size_t>(pid_hi - pid_lo + 1)), owners(cids.size());
          const long long lo = pid_lo, hi = pid_hi;
          tx.run("SELECT id, person_id FROM credentials WHERE person_id >= :lo AND person_id <= :hi", soci::into(cids),
              soci::into(owners), soci::use(lo), soci::use(hi));
          rows.clear();
          for (std::size_t k = 0; k < cids.size(); ++k) {
            if (!index_of.count(owners[k])) continue;  // another writer's person
            rows.push_back("(" + std::to_string(cids[k]) + ",'app','active'," + std::to_string(now) + ",'face')");
          }
          if (static_cast<long long>(rows.size()) != n) throw std::runtime_error("credentials read back: wrong count");
          insert_rows(tx, "INSERT INTO credential_channels (credential_id, channel, status, activated_at_us, activated_by) VALUES ",
                      rows);
        }

        // 4. Employees' 当年/历年 accounts, opened empty as services::ensure_personal_accounts
        //    does; then funded by ONE balanced transfer through LedgerRepo::post (below).
        rows.clear();
        for (long long i = first; i < last; ++i) {
          if (is_beneficiary(i)) continue;
          const auto id = pid[static_cast<std::size_t>(i - first)];
          const std::string tail = "," + std::to_string(id) + ",'" + kArea + "',0,0,1," + std::to_string(now) + ")";
          rows.push_back("('" + services::current_account_code(id) + "','personal_current'" + tail);
          rows.push_back("('" + services::prior_account_code(id) + "','personal_prior'" + tail);
        }
        insert_rows(tx,
                    "INSERT INTO ledger_accounts (code, kind, person_id, admdvs, debits_posted, credits_posted, must_not_overdraw,"
                    " created_at_us) VALUES ",
                    rows);
        std::map<std::string, std::int64_t> account_id;
        {
          const std::size_t cap = static_cast<std::size_t>(2 * (pid_hi - pid_lo + 1));
          std::vector<long long> ids(cap);
          std::vector<std::string> codes(cap);
          const long long lo = pid_lo, hi = pid_hi;
          tx.run("SELECT id, code FROM ledger_accounts WHERE person_id >= :lo AND person_id <= :hi", soci::into(ids),
              soci::into(codes), soci::use(lo), soci::use(hi));
          for (std::size_t k = 0; k < ids.size(); ++k) account_id[codes[k]] = ids[k];
        }

        std::int64_t family_employee = 0;
        for (long long i = first; i < last; ++i) {
          const bool beneficiary = is_beneficiary(i);
          const std::int64_t person_id = pid[static_cast<std::size_t>(i - first)];
          if (!beneficiary) {
            funding.legs.push_back(store::LedgerLeg{income.id, account_id.at(services::current_account_code(person_id)),
                                                    kCurrentFen, "bench:opening_current"});
            funding.legs.push_back(store::LedgerLeg{income.id, account_id.at(services::prior_account_code(person_id)),
                                                    kPriorFen, "bench:opening_prior"});
            if (i % kFamily == 0) family_employee = person_id;
          } else if (family_employee != 0) {
            // 5. The beneficiary's authorisation, through MutualAidRepo.
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
          // 6. Sessions: the k-th stride picks family position k mod 7, so the subset holds
          //    beneficiaries too.
          const bool pick = stride < kFamily || i % stride == (i / stride) % kFamily;
          if (pick) {
            auto s = platform.sessions().issue(tx, services::SubjectKind::person, person_id, "app");
            batch_sessions.push_back({s.token, beneficiary ? "aid" : "self", psn_no_of(i)});
          }
        }
        if (!funding.legs.empty()) {
          auto posted = store::LedgerRepo::post(tx, funding, now);
          if (!posted) throw std::runtime_error("funding transfer refused: " + posted.error().detail);
        }
        // A retried transaction re-runs this lambda: keep only the last attempt's sessions.
        std::lock_guard lock(mu);
        issued.insert(issued.end(), batch_sessions.begin(), batch_sessions.end());
      });
      std::lock_guard lock(mu);
      done += last - first;
      if ((done / batch) % 10 == 0 || done == persons) {
        const double secs = duration<double>(steady_clock::now() - started).count();
        std::cerr << "yibao-bench-seed: " << done << "/" << persons << " persons, " << static_cast<long long>(done / secs)
                  << " persons/s\n";
      }
    }
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        failure = e.what();
        next_batch = persons;  // the others stop after their current batch
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(writer);
    for (auto& th : pool) th.join();
    if (!failure.empty()) throw std::runtime_error(failure);
    if (static_cast<long long>(issued.size()) > sessions) issued.resize(static_cast<std::size_t>(sessions));

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
