#pragma once
// Structured logs: one JSON object per line on stdout, so a collector can parse them.
//
// Privacy (domain.md §11): callers log ids the platform issued (request ids, psn_no, codes of
// reasons) and never ID numbers, names, phone numbers, PINs, tokens or secrets. As a last line
// of defence every string value is passed through core::redact_id_numbers.

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace yibao::log {

enum class Level { debug, info, warn, error };

using FieldValue = std::variant<std::string_view, long long, double, bool>;
struct Field {
  std::string_view key;
  FieldValue value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, long long v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(static_cast<long long>(v)) {}
  Field(std::string_view k, unsigned v) : key(k), value(static_cast<long long>(v)) {}
  Field(std::string_view k, long v) : key(k), value(static_cast<long long>(v)) {}
  Field(std::string_view k, unsigned long v) : key(k), value(static_cast<long long>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Sets the minimum level ("debug", "info", "warn", "error"); false if the name is unknown.
bool set_level(std::string_view level);
bool enabled(Level level);

void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::error, m, f); }

// Renders the line without writing it (used by tests).
std::string render(Level level, std::string_view message, std::initializer_list<Field> fields);

}  // namespace yibao::log
