#include "log/json_log.h"

#include <atomic>
#include <chrono>

#include <boost/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/masking.h"

namespace yibao::log {
namespace {

std::atomic<Level> g_min_level{Level::info};

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

spdlog::logger& sink() {
  // spdlog only moves finished lines to stdout (thread-safe, one write per line); the JSON is ours.
  static auto logger = [] {
    auto l = std::make_shared<spdlog::logger>("yibao", std::make_shared<spdlog::sinks::stdout_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

}  // namespace

bool set_level(std::string_view level) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (level_name(l) == level) {
      g_min_level = l;
      return true;
    }
  }
  return false;
}

bool enabled(Level level) { return level >= g_min_level.load(); }

std::string render(Level level, std::string_view message, std::initializer_list<Field> fields) {
  boost::json::object line;
  line["ts"] = core::iso_utc(std::chrono::system_clock::now());
  line["level"] = level_name(level);
  line["msg"] = core::redact_id_numbers(std::string(message));
  for (const auto& field : fields) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string_view>) {
            line[field.key] = core::redact_id_numbers(std::string(v));
          } else {
            line[field.key] = v;
          }
        },
        field.value);
  }
  return boost::json::serialize(line);
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  sink().info(render(level, message, fields));
}

}  // namespace yibao::log
