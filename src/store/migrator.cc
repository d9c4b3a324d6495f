#include "store/migrator.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include <sodium.h>

#include "store/database.h"

namespace yibao::store {
namespace {

// Arbitrary but fixed: the advisory-lock key every yibao process uses for migrations.
constexpr long long kMigrationLockKey = 0x79696261'6f000001LL;

std::string sha256_hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::int64_t now_us(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::microseconds>(clock.now().time_since_epoch()).count();
}

void ensure_history_table(soci::session& sql) {
  sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY,"
         " name TEXT NOT NULL,"
         " checksum TEXT NOT NULL,"
         " applied_at_us BIGINT NOT NULL)";
}

struct Recorded {
  std::string name;
  std::string checksum;
};

std::map<int, Recorded> recorded_migrations(soci::session& sql) {
  std::map<int, Recorded> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT version, name, checksum FROM schema_migrations");
  for (const auto& row : rows) {
    out[row.get<int>(0)] = Recorded{row.get<std::string>(1), row.get<std::string>(2)};
  }
  return out;
}

}  // namespace

std::vector<Migration> migrations_for(Backend backend, const std::vector<MigrationFile>& files) {
  const std::string_view own = backend_name(backend);
  std::map<int, const MigrationFile*> shared;
  std::map<int, const MigrationFile*> specific;
  for (const auto& file : files) {
    const std::string_view dialect = file.dialect;
    auto& slot = dialect == "any" ? shared : specific;
    if (dialect != "any" && dialect != own) continue;
    if (slot.contains(file.version)) {
      throw MigrationError("迁移版本 " + std::to_string(file.version) + " 有重复的文件");
    }
    slot[file.version] = &file;
  }
  std::map<int, const MigrationFile*> chosen = shared;
  for (const auto& [version, file] : specific) chosen[version] = file;

  // A version that exists only for the other dialect is a packaging mistake, not a no-op.
  for (const auto& file : files) {
    if (!chosen.contains(file.version)) {
      throw MigrationError("迁移版本 " + std::to_string(file.version) + " 缺少 " + std::string(own) + " 版本的文件");
    }
  }
  std::vector<Migration> out;
  for (const auto& [version, file] : chosen) out.push_back(Migration{version, file->name, file->sql});
  return out;
}

std::vector<std::string> split_sql_statements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  enum class State { code, line_comment, single_quote, double_quote } state = State::code;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    switch (state) {
      case State::code:
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
          state = State::line_comment;
          continue;
        }
        if (c == '\'') state = State::single_quote;
        if (c == '"') state = State::double_quote;
        if (c == ';') {
          statements.push_back(current);
          current.clear();
          continue;
        }
        break;
      case State::line_comment:
        if (c == '\n') state = State::code;
        continue;
      case State::single_quote:
        if (c == '\'') state = State::code;  // '' (an escaped quote) re-enters on the next char
        break;
      case State::double_quote:
        if (c == '"') state = State::code;
        break;
    }
    current += c;
  }
  statements.push_back(current);
  // Drop the empty pieces that whitespace between semicolons leaves behind.
  std::erase_if(statements, [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isspace(ch) != 0; });
  });
  return statements;
}

MigrationOutcome migrate(Pool& pool, const std::vector<Migration>& migrations, const core::Clock& clock) {
  if (sodium_init() < 0) throw MigrationError("libsodium 初始化失败");
  Database db(pool);
  return db.write([&](Tx& tx) {
    auto& sql = tx.sql();
    if (pool.backend() == Backend::postgresql) {
      // Serialises concurrent `yibao migrate`/`serve` start-ups; released at COMMIT.
      sql << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
    }
    ensure_history_table(sql);
    const auto recorded = recorded_migrations(sql);

    const int known_max = migrations.empty() ? 0 : migrations.back().version;
    if (!recorded.empty() && recorded.rbegin()->first > known_max) {
      throw MigrationError("数据库结构版本 " + std::to_string(recorded.rbegin()->first) +
                           " 比本程序认识的版本 " + std::to_string(known_max) + " 更新；请使用更新版本的 yibao");
    }

    MigrationOutcome outcome;
    for (const auto& migration : migrations) {
      const std::string checksum = sha256_hex(migration.sql);
      if (auto found = recorded.find(migration.version); found != recorded.end()) {
        if (found->second.checksum != checksum) {
          throw MigrationError("迁移 " + std::to_string(migration.version) + "_" + migration.name +
                               " 在应用之后被修改过；已应用的迁移不可修改，请新增迁移文件");
        }
        continue;
      }
      for (const auto& statement : split_sql_statements(migration.sql)) sql << statement;
      const std::int64_t applied_at = now_us(clock);
      sql << "INSERT INTO schema_migrations (version, name, checksum, applied_at_us) VALUES (:v, :n, :c, :t)",
          soci::use(migration.version), soci::use(migration.name), soci::use(checksum), soci::use(applied_at);
      outcome.applied.push_back(migration.version);
    }
    outcome.schema_version = known_max;
    if (!recorded.empty()) outcome.schema_version = std::max(outcome.schema_version, recorded.rbegin()->first);
    return outcome;
  });
}

int schema_version(Pool& pool) {
  Database db(pool);
  // A write transaction because an empty database gets its (empty) history table here.
  return db.write([](Tx& tx) {
    auto& sql = tx.sql();
    ensure_history_table(sql);
    int version = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

}  // namespace yibao::store
