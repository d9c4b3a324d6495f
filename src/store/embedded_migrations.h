#pragma once
// The numbered SQL files of src/store/migrations, compiled into the binary by
// cmake/embed_migrations.cmake.

#include <vector>

namespace yibao::store {

struct MigrationFile {
  int version;
  const char* name;
  const char* dialect;  // "any", "sqlite" or "postgresql"
  const char* sql;
};

const std::vector<MigrationFile>& embedded_migration_files();

}  // namespace yibao::store
