#include "store/statement_cache.h"

#include <soci/sqlite3/soci-sqlite3.h>

namespace yibao::store {

void Statement::reset_sqlite_statement(soci::statement& statement) {
  // SOCI resets before each execute too; resetting here already ends the read the statement
  // may have left open, before the transaction commits.
  // Only SQLite caches reset (StatementCache::reset_on_release), so the backend is SQLite's.
  auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement.get_backend());
  if (backend->stmt_ != nullptr) sqlite3_reset(backend->stmt_);
}

}  // namespace yibao::store
