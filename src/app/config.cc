#include "app/config.h"

#include <charconv>
#include <filesystem>
#include <functional>
#include <tuple>

#include <toml++/toml.h>

extern char** environ;

namespace yibao::app {
namespace {

using core::Error;
using core::Reason;

enum class Kind { integer, text, boolean };

struct Setting {
  std::string name;  // "section.key"
  Kind kind;
  long long min = 0;
  long long max = 0;
  std::function<void(Config&, long long)> set_int;
  std::function<void(Config&, std::string)> set_text;
  std::function<void(Config&, bool)> set_bool;
};

Setting integer(std::string name, long long min, long long max, std::function<void(Config&, long long)> f) {
  return Setting{std::move(name), Kind::integer, min, max, std::move(f), {}, {}};
}
Setting text(std::string name, std::function<void(Config&, std::string)> f) {
  return Setting{std::move(name), Kind::text, 0, 0, {}, std::move(f), {}};
}
Setting boolean(std::string name, std::function<void(Config&, bool)> f) {
  return Setting{std::move(name), Kind::boolean, 0, 0, {}, {}, std::move(f)};
}

const std::vector<Setting>& settings() {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  static const std::vector<Setting> all = {
      text("server.host", [](Config& c, std::string v) { c.server.host = std::move(v); }),
      integer("server.port", 0, 65535, [](Config& c, long long v) { c.server.port = static_cast<unsigned short>(v); }),
      integer("server.io_threads", 1, 256, [](Config& c, long long v) { c.server.io_threads = static_cast<int>(v); }),
      integer("server.worker_threads", 1, 1024,
              [](Config& c, long long v) { c.server.worker_threads = static_cast<int>(v); }),
      integer("server.body_limit_bytes", 1024, 256LL << 20,
              [](Config& c, long long v) { c.server.body_limit = static_cast<std::size_t>(v); }),
      integer("server.read_timeout_seconds", 1, 3600, [](Config& c, long long v) { c.server.read_timeout = seconds(v); }),
      integer("server.idle_timeout_seconds", 1, 3600, [](Config& c, long long v) { c.server.idle_timeout = seconds(v); }),
      integer("server.write_timeout_seconds", 1, 3600,
              [](Config& c, long long v) { c.server.write_timeout = seconds(v); }),
      integer("server.shutdown_grace_seconds", 0, 3600,
              [](Config& c, long long v) { c.server.shutdown_grace = seconds(v); }),
      boolean("server.access_log", [](Config& c, bool v) { c.server.access_log = v; }),
      text("server.web_root", [](Config& c, std::string v) { c.web_root = std::move(v); }),
      text("store.url", [](Config& c, std::string v) { c.store.url = std::move(v); }),
      text("store.replica_url", [](Config& c, std::string v) { c.store_replica_url = std::move(v); }),
      integer("store.pool_size", 1, 1024, [](Config& c, long long v) { c.store.size = static_cast<int>(v); }),
      integer("store.acquire_timeout_ms", 1, 600000,
              [](Config& c, long long v) { c.store.acquire_timeout = milliseconds(v); }),
      integer("store.busy_timeout_ms", 0, 600000, [](Config& c, long long v) { c.store.busy_timeout = milliseconds(v); }),
      text("log.level", [](Config& c, std::string v) { c.log_level = std::move(v); }),
      text("providers.face", [](Config& c, std::string v) { c.face_provider = std::move(v); }),
      text("providers.face_url", [](Config& c, std::string v) { c.face_url = std::move(v); }),
      text("providers.face_app_id", [](Config& c, std::string v) { c.face_app_id = std::move(v); }),
      boolean("providers.face_simulator_auto", [](Config& c, bool v) { c.face_simulator_auto = v; }),
      text("providers.household", [](Config& c, std::string v) { c.household_provider = std::move(v); }),
      text("providers.household_url", [](Config& c, std::string v) { c.household_url = std::move(v); }),
      text("providers.birth_certificate", [](Config& c, std::string v) { c.birth_certificate_provider = std::move(v); }),
      text("providers.birth_certificate_url", [](Config& c, std::string v) { c.birth_certificate_url = std::move(v); }),
      text("providers.sms", [](Config& c, std::string v) { c.sms_provider = std::move(v); }),
      text("providers.sms_url", [](Config& c, std::string v) { c.sms_url = std::move(v); }),
      text("security.password_hash", [](Config& c, std::string v) { c.password_hash = std::move(v); }),
      text("paths.data_dir", [](Config& c, std::string v) { c.data_dir = std::move(v); }),
      text("paths.regions_file", [](Config& c, std::string v) { c.regions_file = std::move(v); }),
  };
  return all;
}

const Setting* find_setting(std::string_view name) {
  for (const auto& s : settings()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string env_name(const std::string& setting) {
  std::string out = "YIBAO_";
  for (char c : setting) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Error bad(const std::string& where, const std::string& name, const std::string& why) {
  return Error{Reason::FIELD_INVALID, where + ": " + name + ": " + why, name};
}

std::string range_text(const Setting& s) {
  return "须为 " + std::to_string(s.min) + " 到 " + std::to_string(s.max) + " 之间的整数";
}

// Applies a value given as text (environment, flags).
core::Status apply_text(Config& config, const Setting& s, const std::string& value, const std::string& where) {
  switch (s.kind) {
    case Kind::integer: {
      long long v = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size() || v < s.min || v > s.max) {
        return bad(where, s.name, range_text(s) + "，实际为 \"" + value + "\"");
      }
      s.set_int(config, v);
      return {};
    }
    case Kind::boolean:
      if (value == "true" || value == "1" || value == "yes") {
        s.set_bool(config, true);
      } else if (value == "false" || value == "0" || value == "no") {
        s.set_bool(config, false);
      } else {
        return bad(where, s.name, "须为 true 或 false，实际为 \"" + value + "\"");
      }
      return {};
    case Kind::text:
      if (value.empty()) return bad(where, s.name, "不能为空");
      s.set_text(config, value);
      return {};
  }
  return {};
}

core::Status apply_toml(Config& config, const toml::table& root, const std::string& where) {
  for (const auto& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    const auto* table = section_node.as_table();
    if (table == nullptr) return bad(where, section, "应为一个 [" + section + "] 表");
    for (const auto& [key, node] : *table) {
      const std::string name = section + "." + std::string(key.str());
      const Setting* s = find_setting(name);
      if (s == nullptr) return bad(where, name, "未知的配置项");
      switch (s->kind) {
        case Kind::integer: {
          const auto v = node.value<long long>();
          if (!node.is_integer() || !v || *v < s->min || *v > s->max) return bad(where, name, range_text(*s));
          s->set_int(config, *v);
          break;
        }
        case Kind::boolean: {
          if (!node.is_boolean()) return bad(where, name, "须为 true 或 false");
          s->set_bool(config, *node.value<bool>());
          break;
        }
        case Kind::text: {
          if (!node.is_string()) return bad(where, name, "须为字符串");
          auto v = *node.value<std::string>();
          if (v.empty()) return bad(where, name, "不能为空");
          s->set_text(config, std::move(v));
          break;
        }
      }
    }
  }
  return {};
}

core::Status validate(const Config& config) {
  if (auto url = store::parse_store_url(config.store.url); !url) {
    return bad("配置", "store.url", url.error().detail);
  }
  if (!config.store_replica_url.empty()) {
    auto replica = store::parse_store_url(config.store_replica_url);
    if (!replica) return bad("配置", "store.replica_url", replica.error().detail);
    if (replica->backend != store::Backend::postgresql || !config.store.url.starts_with("postgres")) {
      return bad("配置", "store.replica_url", "只读副本仅用于 PostgreSQL：主库与副本都须为 postgresql:// 地址");
    }
  }
  if (config.log_level != "debug" && config.log_level != "info" && config.log_level != "warn" &&
      config.log_level != "error") {
    return bad("配置", "log.level", "须为 debug、info、warn 或 error");
  }
  if (config.face_provider != "simulator" && config.face_provider != "http") {
    return bad("配置", "providers.face", "须为 simulator 或 http");
  }
  if (config.face_provider == "http" && !config.face_url.starts_with("http://")) {
    return bad("配置", "providers.face_url", "使用 http 人脸识别服务时须填写 http://主机:端口/路径");
  }
  for (const auto& [key, provider, url] :
       {std::tuple{"providers.household", &config.household_provider, &config.household_url},
        std::tuple{"providers.birth_certificate", &config.birth_certificate_provider, &config.birth_certificate_url},
        std::tuple{"providers.sms", &config.sms_provider, &config.sms_url}}) {
    if (*provider != "simulator" && *provider != "http") return bad("配置", key, "须为 simulator 或 http");
    if (*provider == "http" && !url->starts_with("http://")) {
      return bad("配置", std::string(key) + "_url", "使用 http 服务时须填写 http://主机:端口/路径");
    }
  }
  if (config.password_hash != "interactive" && config.password_hash != "fast") {
    return bad("配置", "security.password_hash", "须为 interactive 或 fast");
  }
  return {};
}

}  // namespace

core::Result<Config> load_config(const ConfigSources& sources) {
  Config config;

  std::optional<std::string> file = sources.file;
  if (!file && std::filesystem::exists("yibao.toml")) file = "yibao.toml";
  if (file) {
    if (!std::filesystem::exists(*file)) {
      return Error{Reason::FIELD_INVALID, "配置文件不存在: " + *file, "config"};
    }
    toml::table parsed;
    try {
      parsed = toml::parse_file(*file);
    } catch (const toml::parse_error& err) {
      return Error{Reason::FIELD_INVALID,
                   *file + ":" + std::to_string(err.source().begin.line) + ": " + std::string(err.description()),
                   "config"};
    }
    if (auto st = apply_toml(config, parsed, *file); !st) return st.error();
  }

  // PORT is the conventional way to move a dev server (`PORT=9090 make run`).
  if (auto it = sources.environment.find("PORT"); it != sources.environment.end() && !it->second.empty()) {
    if (auto st = apply_text(config, *find_setting("server.port"), it->second, "环境变量 PORT"); !st) return st.error();
  }
  for (const auto& s : settings()) {
    const std::string name = env_name(s.name);
    if (auto it = sources.environment.find(name); it != sources.environment.end()) {
      if (auto st = apply_text(config, s, it->second, "环境变量 " + name); !st) return st.error();
    }
  }
  for (const auto& [name, value] : sources.overrides) {
    const Setting* s = find_setting(name);
    if (s == nullptr) return bad("命令行", name, "未知的配置项");
    if (auto st = apply_text(config, *s, value, "命令行"); !st) return st.error();
  }
  if (auto st = validate(config); !st) return st.error();
  return config;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

std::vector<std::string> setting_names() {
  std::vector<std::string> names;
  for (const auto& s : settings()) names.push_back(s.name);
  return names;
}

}  // namespace yibao::app
