#pragma once
// Which database a yibao process talks to, chosen by URL (engineering.md):
//   sqlite:PATH                 embedded store (the default for `make run`)
//   postgresql://user@host/db   the scale store; also accepts postgres://

#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::store {

enum class Backend { sqlite, postgresql };

std::string_view backend_name(Backend backend);

struct StoreLocation {
  Backend backend;
  std::string target;  // the file path for SQLite; libpq "key=value" conninfo for PostgreSQL
  std::string url;     // as configured

  // A form safe to log: the PostgreSQL password, if any, is replaced by ***.
  std::string redacted() const;
};

core::Result<StoreLocation> parse_store_url(std::string_view url);

}  // namespace yibao::store
