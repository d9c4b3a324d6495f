#pragma once
// Numbered SQL migrations, applied in order and recorded in schema_migrations.
//
// - Idempotent: a version already recorded is skipped; running migrate twice changes nothing.
// - Safe with several processes starting at once: PostgreSQL takes an advisory lock, SQLite
//   the write lock, and all pending migrations apply in one transaction (both backends have
//   transactional DDL), so a failure leaves the schema as it was.
// - Tamper-evident: each recorded migration keeps a SHA-256 of its SQL; if the file changed
//   after it was applied, or the database is newer than this binary, migrate refuses.

#include <string>
#include <vector>

#include "core/clock.h"
#include "store/embedded_migrations.h"
#include "store/pool.h"

namespace yibao::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;  // the dialect's text: the backend-specific file wins over the shared one
};

// Picks, for each version, the file that fits the backend. Throws std::runtime_error on a
// version with no file for this backend or two files for the same slot.
std::vector<Migration> migrations_for(Backend backend, const std::vector<MigrationFile>& files);

// Replaces the dialect tokens a shared migration may use: {{auto_id}} (an integer primary key
// the database assigns, read back with RETURNING id), {{blob}} and {{now_us}} (the current time
// in epoch microseconds, computed by the database when the statement runs).
std::string expand_dialect_tokens(Backend backend, std::string sql);

// Splits a migration into statements (SOCI's SQLite backend runs one statement per call).
// Understands -- comments, '...' strings and "..." identifiers.
std::vector<std::string> split_sql_statements(const std::string& sql);

struct MigrationOutcome {
  std::vector<int> applied;  // versions applied by this call, in order
  int schema_version = 0;    // highest recorded version afterwards
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

MigrationOutcome migrate(Pool& pool, const std::vector<Migration>& migrations, const core::Clock& clock);

// The highest applied version, or 0 on an empty database.
int schema_version(Pool& pool);

}  // namespace yibao::store
