#pragma once
// Configuration: defaults, then yibao.toml, then environment (YIBAO_SECTION_KEY, plus PORT),
// then command-line flags — each later source overrides the earlier ones. Every setting is
// declared once in config.cc with its type and range, so the file, the environment and the
// flags accept exactly the same names, and an unknown or out-of-range value stops start-up
// with a message naming the setting and where it came from.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/server.h"
#include "store/pool.h"

namespace yibao::app {

struct Config {
  http::ServerOptions server;
  store::PoolOptions store;
  // A PostgreSQL standby for reads that may lag (Database::replica_read); empty = none.
  std::string store_replica_url;
  std::string web_root = "web/dist";
  std::string data_dir = "var";
  std::string regions_file = YIBAO_DEFAULT_REGIONS_FILE;
  std::string log_level = "info";
  std::string face_provider = "simulator";  // simulator | http
  std::string face_url;                     // http://host:port/prefix of a real provider
  std::string face_app_id;
  bool face_simulator_auto = false;         // simulator decides at start (see docs/providers/face.md)
  // 亲情账户 providers (docs/providers/): simulator | http; the URL is http://host:port/prefix.
  // API keys come from YIBAO_HOUSEHOLD_API_KEY / YIBAO_BIRTH_CERTIFICATE_API_KEY / YIBAO_SMS_API_KEY.
  std::string household_provider = "simulator";
  std::string household_url;
  std::string birth_certificate_provider = "simulator";
  std::string birth_certificate_url;
  std::string sms_provider = "simulator";
  std::string sms_url;
  std::string password_hash = "interactive";  // interactive | fast (test suites only)
};

struct ConfigSources {
  std::optional<std::string> file;               // explicit --config; else ./yibao.toml if present
  std::map<std::string, std::string> environment;  // usually the process environment
  std::vector<std::pair<std::string, std::string>> overrides;  // from flags: "server.port" -> "8081"
};

// Error.detail says what is wrong and where ("yibao.toml: server.port: 须为 0 到 65535 之间的整数").
core::Result<Config> load_config(const ConfigSources& sources);

// The process environment as a map (for ConfigSources::environment).
std::map<std::string, std::string> process_environment();

// Names of every setting, e.g. "server.port" (for help text and tests).
std::vector<std::string> setting_names();

}  // namespace yibao::app
