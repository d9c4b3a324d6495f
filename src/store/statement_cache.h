#pragma once
// Prepared statements kept per connection.
//
// SOCI sends a one-time query as PQexecParams, which PostgreSQL parses, analyses and plans on
// every call: in a profile of the settlement flow that was about a third of PostgreSQL's CPU.
// On SQLite a one-time query is compiled (sqlite3_prepare) on every call, inside the one
// writer's turn that every other writer waits for. A statement cached here is prepared once per
// connection and afterwards only bound and executed (after five runs PostgreSQL also settles on
// a generic plan).
//
// One cached statement serves every call with the same SQL text on its connection. Its
// bindings point at the caller's variables, so the Statement handle drops them
// (bind_clean_up) when the caller is done; a statement still in use (a query run again while
// iterating its own rows) is not shared — the second use gets a one-time statement. On SQLite
// the handle also resets the statement: one left mid-result would keep its read snapshot (and
// the WAL behind it) alive after the transaction.
//
// Thread-safety: none; a cache belongs to one pooled session, used by one thread at a time.

#include <cstddef>
#include <string>
#include <unordered_map>

#include <soci/soci.h>

namespace yibao::store {

class StatementCache {
 public:
  // `reset_on_release`: SQLite (see above).
  explicit StatementCache(bool reset_on_release = false) : reset_on_release_(reset_on_release) {}
  bool reset_on_release() const { return reset_on_release_; }

  // A ceiling, so that SQL built at run time cannot grow a connection's cache without bound
  // (values always go in as parameters; only IN lists vary the text, by their length).
  static constexpr std::size_t kMaxStatements = 512;

  struct Entry {
    soci::statement statement;
    bool in_use = false;
  };

  // The idle cached statement for this text, marked in use; nullptr when there is none.
  Entry* take(const std::string& text) {
    auto it = entries_.find(text);
    if (it == entries_.end() || it->second.in_use) return nullptr;
    it->second.in_use = true;
    return &it->second;
  }
  // Whether a statement for this text should be prepared and kept (see keep).
  bool has_room_for(const std::string& text) const {
    return entries_.size() < kMaxStatements && !entries_.contains(text);
  }
  // Keeps a freshly prepared statement, marked in use. Entries stay put (an unordered_map's
  // nodes never move), so the Entry* handed out remains valid until clear().
  Entry* keep(const std::string& text, const soci::statement& statement) {
    return &entries_.try_emplace(text, Entry{statement, true}).first->second;
  }
  // Before the connection is closed or re-opened: the statements belong to it.
  void clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

 private:
  bool reset_on_release_;
  std::unordered_map<std::string, Entry> entries_;
};

// A bound statement, ready to execute. For a cached one, the destructor unbinds it and gives
// it back to the cache; for a one-time one, SOCI frees it.
class Statement {
 public:
  Statement(soci::statement statement, StatementCache::Entry* cached, bool reset_on_release = false)
      : statement_(std::move(statement)), cached_(cached), reset_on_release_(reset_on_release) {}
  Statement(Statement&& other) noexcept
      : statement_(other.statement_), cached_(other.cached_), reset_on_release_(other.reset_on_release_) {
    other.cached_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement() {
    if (cached_ == nullptr) return;
    try {
      if (reset_on_release_) reset_sqlite_statement(statement_);
      statement_.bind_clean_up();
      cached_->in_use = false;
    } catch (...) {
      // Left marked in use: the cache will not hand out a statement in an unknown state.
    }
  }

  // As soci::statement: execute(true) fetches the first row; true when there was one.
  bool execute(bool with_data_exchange = false) { return statement_.execute(with_data_exchange); }
  bool fetch() { return statement_.fetch(); }
  long long get_affected_rows() { return statement_.get_affected_rows(); }

 private:
  // sqlite3_reset on the statement's handle (statement_cache.cc: this header stays free of
  // the SQLite backend's headers).
  static void reset_sqlite_statement(soci::statement& statement);

  soci::statement statement_;
  StatementCache::Entry* cached_;
  bool reset_on_release_;
};

}  // namespace yibao::store
