// yibao-bench-sqlite: the raw SQLite ceilings of `make bench` (docs/PERFORMANCE.md). A shape
// of SQL work (bench/sql_shapes.h) — by default the smallest money transaction the store could
// do: BEGIN IMMEDIATE; UPDATE one balance; INSERT one entry; COMMIT — run in a loop with the
// pragmas yibao's store uses (WAL, synchronous=FULL, busy_timeout), on the same disk, through
// the C API with prepared statements (no SOCI, no server).
//
//   yibao-bench-sqlite --db PATH [--seconds 10] [--threads 1] [--shape money|flow|least]
//   yibao-bench-sqlite --pgbench-script SHAPE      the same shape as a pgbench custom script
//
// Threads share nothing but the file: each has its own connection, as the server's pool does.
// Prints a summary and "RESULT mode=sqlite shape=… runs=… tx_per_s=… p50_ms=… p99_ms=…", where
// one run is one pass through the shape's transactions (tx_per_s: runs per second).
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "sql_shapes.h"

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
  std::string shape_name = "money";
  double seconds = 10;
  int threads = 1;
  const int accounts = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") path = argv[i + 1];
    else if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (a == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--shape") shape_name = argv[i + 1];
    else if (a == "--pgbench-script") {
      const auto* shape = yibao::bench::find_sql_shape(argv[i + 1]);
      if (shape == nullptr) {
        std::fprintf(stderr, "yibao-bench-sqlite: no shape '%s' (money, flow, least)\n", argv[i + 1]);
        return 2;
      }
      std::fputs(yibao::bench::pgbench_script(*shape).c_str(), stdout);
      return 0;
    }
  }
  const auto* shape = yibao::bench::find_sql_shape(shape_name);
  if (path.empty() || shape == nullptr) {
    std::fprintf(stderr,
                 "usage: yibao-bench-sqlite --db PATH [--seconds S] [--threads N] [--shape money|flow|least]\n"
                 "       yibao-bench-sqlite --pgbench-script money|flow|least\n");
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
      auto prepare = [&](const char* sql) {
        sqlite3_stmt* st = nullptr;
        check(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), db, sql);
        return st;
      };
      sqlite3_stmt* begin_write = prepare("BEGIN IMMEDIATE");
      sqlite3_stmt* begin_read = prepare("BEGIN");
      sqlite3_stmt* sel = prepare("SELECT balance FROM bench_accounts WHERE id = ?");
      sqlite3_stmt* upd = prepare("UPDATE bench_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?");
      sqlite3_stmt* ins = prepare("INSERT INTO bench_entries (account_id, amount, created_at_us) VALUES (?, ?, ?)");
      sqlite3_stmt* commit = prepare("COMMIT");
      auto step = [&](sqlite3_stmt* st, const char* what) {
        const int rc = sqlite3_step(st);
        sqlite3_reset(st);
        check(rc, db, what);
      };
      unsigned long long x = 88172645463325252ull + static_cast<unsigned long long>(t);
      auto next_account = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return static_cast<int>(x % accounts) + 1;
      };
      auto& mine = lat[static_cast<std::size_t>(t)];
      while (Clock::now() < stop_at) {
        const auto t0 = Clock::now();
        const long long now_us = std::chrono::duration_cast<std::chrono::microseconds>(t0.time_since_epoch()).count();
        for (const auto& tx : shape->transactions) {
          sqlite3_stmt* begin = tx.writes() ? begin_write : begin_read;
          int rc;
          // The busy timeout covers other connections; a BUSY that outlasts it is counted and
          // the BEGIN tried again.
          while ((rc = sqlite3_step(begin)) == SQLITE_BUSY) {
            sqlite3_reset(begin);
            busy.fetch_add(1);
          }
          sqlite3_reset(begin);
          check(rc, db, "begin");
          for (int i = 0; i < tx.selects; ++i) {
            sqlite3_bind_int(sel, 1, next_account());
            step(sel, "select");
          }
          for (int i = 0; i < tx.updates; ++i) {
            sqlite3_bind_int64(upd, 1, 1);
            sqlite3_bind_int(upd, 2, next_account());
            sqlite3_bind_int64(upd, 3, 1);
            step(upd, "update");
          }
          for (int i = 0; i < tx.inserts; ++i) {
            sqlite3_bind_int(ins, 1, next_account());
            sqlite3_bind_int64(ins, 2, 1);
            sqlite3_bind_int64(ins, 3, now_us);
            step(ins, "insert");
          }
          step(commit, "commit");
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      for (auto* s : {begin_write, begin_read, sel, upd, ins, commit}) sqlite3_finalize(s);
      sqlite3_close(db);
    });
  }
  for (auto& th : pool) th.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * (all.size() - 1) + 0.5))]; };
  const double tps = all.size() / seconds;
  std::printf("sqlite raw loop, shape %s (%s; %d statements): %d thread(s), %.0f s: %zu runs, %.1f runs/s, "
              "p50 %.3f ms, p99 %.3f ms, %lld busy\n",
              shape->name.c_str(), shape->what.c_str(), shape->statements(), threads, seconds, all.size(), tps, pct(0.5),
              pct(0.99), busy.load());
  std::printf("RESULT mode=sqlite shape=%s statements=%d threads=%d seconds=%.0f runs=%zu tx_per_s=%.1f p50_ms=%.3f "
              "p99_ms=%.3f busy=%lld\n",
              shape->name.c_str(), shape->statements(), threads, seconds, all.size(), tps, pct(0.5), pct(0.99), busy.load());
  return all.empty() ? 1 : 0;
}
