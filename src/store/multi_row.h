#pragma once
// Multi-row INSERTs: one statement for many rows, in chunks of at most kRowsPerStatement.
//
// Chunks keep the SQL texts few (one per chunk size, so PostgreSQL's per-connection statement
// cache stays small) and the placeholders per statement modest: SOCI binds by name, and
// looking names up grows with their count, so a 2 000-row statement (a seeding batch) is far
// slower than 32 statements of 64 rows.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>

namespace yibao::store {

inline constexpr std::size_t kRowsPerStatement = 64;

// "(:a0, :b0), (:a1, :b1)" for `rows` rows of the named columns: every placeholder is named
// once (SOCI's PostgreSQL backend cannot bind one name twice); bind row i's values as name + i.
inline std::string row_placeholders(std::initializer_list<const char*> names, std::size_t rows) {
  std::string out;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    out += i == 0 ? "(" : ", (";
    bool first = true;
    for (const char* name : names) {
      out += (first ? ":" : ", :") + std::string(name) + n;
      first = false;
    }
    out += ")";
  }
  return out;
}

// Calls chunk(first, count) for consecutive chunks covering [0, total).
template <class Chunk>
void in_chunks(std::size_t total, Chunk&& chunk) {
  for (std::size_t first = 0; first < total; first += kRowsPerStatement) {
    chunk(first, std::min(kRowsPerStatement, total - first));
  }
}

}  // namespace yibao::store
