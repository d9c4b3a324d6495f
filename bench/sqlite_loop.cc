// yibao-bench-sqlite: the raw SQLite ceiling of `make bench` (docs/PERFORMANCE.md). The
// smallest money transaction the store could do — BEGIN IMMEDIATE; UPDATE one balance; INSERT
// one entry; COMMIT — with the pragmas yibao's store uses (WAL, synchronous=FULL,
// busy_timeout), on the same disk, through the C API with prepared statements (no SOCI).
//
//   yibao-bench-sqlite --db PATH [--seconds 10] [--threads 1]
//
// Threads share nothing but the file: each has its own connection, as the server's pool does.
// Prints a summary and "RESULT mode=sqlite transactions=… tx_per_s=… p50_ms=… p99_ms=…".
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {
using Clock = std::chrono::steady_clock;

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "yibao-bench-sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    std::exit(1);
  }
}

sqlite3* open_db(const std::string& path) {
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000",
                             "PRAGMA foreign_keys=ON"}) {
    check(sqlite3_exec(db, pragma, nullptr, nullptr, nullptr), db, pragma);
  }
  return db;
}
}  // namespace

int main(int argc, char** argv) {
  std::string path;
  double seconds = 10;
  int threads = 1;
  const int accounts = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") path = argv[i + 1];
    else if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (a == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: yibao-bench-sqlite --db PATH [--seconds S] [--threads N]\n");
    return 2;
  }
  {
    sqlite3* db = open_db(path);
    check(sqlite3_exec(db,
                       "DROP TABLE IF EXISTS bench_entries; DROP TABLE IF EXISTS bench_accounts;"
                       "CREATE TABLE bench_accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL);"
                       "CREATE TABLE bench_entries (id INTEGER PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES bench_accounts (id),"
                       " amount BIGINT NOT NULL, created_at_us BIGINT NOT NULL);"
                       "CREATE INDEX bench_entries_by_account ON bench_entries (account_id, id);",
                       nullptr, nullptr, nullptr),
          db, "schema");
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    sqlite3_stmt* ins = nullptr;
    check(sqlite3_prepare_v2(db, "INSERT INTO bench_accounts (id, balance) VALUES (?, 1000000)", -1, &ins, nullptr), db, "prep");
    for (int id = 1; id <= accounts; ++id) {
      sqlite3_bind_int(ins, 1, id);
      check(sqlite3_step(ins), db, "insert account");
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    sqlite3_close(db);
  }

  const auto stop_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(threads));
  std::atomic<long long> busy{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      sqlite3* db = open_db(path);
      sqlite3_stmt *begin = nullptr, *upd = nullptr, *ins = nullptr, *commit = nullptr, *rollback = nullptr;
      check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "prep begin");
      check(sqlite3_prepare_v2(db, "UPDATE bench_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?", -1, &upd,
                               nullptr),
            db, "prep update");
      check(sqlite3_prepare_v2(db, "INSERT INTO bench_entries (account_id, amount, created_at_us) VALUES (?, ?, ?)", -1, &ins,
                               nullptr),
            db, "prep insert");
      check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "prep commit");
      check(sqlite3_prepare_v2(db, "ROLLBACK", -1, &rollback, nullptr), db, "prep rollback");
      unsigned long long x = 88172645463325252ull + static_cast<unsigned long long>(t);
      auto& mine = lat[static_cast<std::size_t>(t)];
      while (Clock::now() < stop_at) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const int account = static_cast<int>(x % accounts) + 1;
        const auto t0 = Clock::now();
        int rc = sqlite3_step(begin);
        sqlite3_reset(begin);
        if (rc == SQLITE_BUSY) {
          busy.fetch_add(1);
          continue;
        }
        check(rc, db, "begin immediate");
        sqlite3_bind_int64(upd, 1, 1);
        sqlite3_bind_int(upd, 2, account);
        sqlite3_bind_int64(upd, 3, 1);
        check(sqlite3_step(upd), db, "update");
        sqlite3_reset(upd);
        sqlite3_bind_int(ins, 1, account);
        sqlite3_bind_int64(ins, 2, 1);
        sqlite3_bind_int64(ins, 3, std::chrono::duration_cast<std::chrono::microseconds>(t0.time_since_epoch()).count());
        check(sqlite3_step(ins), db, "insert");
        sqlite3_reset(ins);
        check(sqlite3_step(commit), db, "commit");
        sqlite3_reset(commit);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      for (auto* s : {begin, upd, ins, commit, rollback}) sqlite3_finalize(s);
      sqlite3_close(db);
    });
  }
  for (auto& th : pool) th.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * (all.size() - 1) + 0.5))]; };
  const double tps = all.size() / seconds;
  std::printf("sqlite raw loop: %d thread(s), %.0f s: %zu transactions, %.0f tx/s, p50 %.3f ms, p99 %.3f ms, %lld busy\n",
              threads, seconds, all.size(), tps, pct(0.5), pct(0.99), busy.load());
  std::printf("RESULT mode=sqlite threads=%d seconds=%.0f transactions=%zu tx_per_s=%.1f p50_ms=%.3f p99_ms=%.3f busy=%lld\n",
              threads, seconds, all.size(), tps, pct(0.5), pct(0.99), busy.load());
  return all.empty() ? 1 : 0;
}
