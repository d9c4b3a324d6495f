#include "store/ledger_repo.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "core/invariant.h"
#include "store/multi_row.h"

namespace yibao::store {
namespace {

using core::Error;
using core::Reason;

struct AccountFetch {
  long long id = 0, person = 0, debits = 0, credits = 0, pending = 0;
  int overdraw = 0;
  std::string code, kind, admdvs;
  soci::indicator person_ind = soci::i_ok, admdvs_ind = soci::i_ok;
  LedgerAccount take() const {
    LedgerAccount a;
    a.id = id;
    a.code = code;
    a.kind = kind;
    if (person_ind == soci::i_ok) a.person_id = person;
    a.admdvs = admdvs_ind == soci::i_ok ? admdvs : "";
    a.debits_posted = debits;
    a.credits_posted = credits;
    a.debits_pending = pending;
    a.must_not_overdraw = overdraw != 0;
    return a;
  }
};

constexpr const char* kAccountColumns =
    "SELECT id, code, kind, person_id, admdvs, debits_posted, credits_posted, must_not_overdraw, debits_pending"
    " FROM ledger_accounts ";

template <class Use>
std::optional<LedgerAccount> fetch_account(Tx& tx, const char* where, Use&& use) {
  AccountFetch f;
  tx.run((kAccountColumns + std::string(where)),
      std::forward<Use>(use), soci::into(f.id), soci::into(f.code), soci::into(f.kind), soci::into(f.person, f.person_ind),
      soci::into(f.admdvs, f.admdvs_ind), soci::into(f.debits), soci::into(f.credits), soci::into(f.overdraw),
      soci::into(f.pending));
  if (!tx.sql().got_data()) return std::nullopt;
  return f.take();
}

bool same_legs(const std::vector<LedgerLeg>& stored, const std::vector<LedgerLeg>& requested) {
  return std::equal(stored.begin(), stored.end(), requested.begin(), requested.end(),
                    [](const LedgerLeg& a, const LedgerLeg& b) {
                      return a.debit_account_id == b.debit_account_id && a.credit_account_id == b.credit_account_id &&
                             a.amount == b.amount && a.rule == b.rule;
                    });
}

bool add_overflows(std::int64_t a, std::int64_t b) {
  return b > 0 && a > std::numeric_limits<std::int64_t>::max() - b;
}

}  // namespace

LedgerAccount LedgerRepo::ensure_account(Tx& tx, const std::string& code, const std::string& kind,
                                         std::optional<std::int64_t> person_id, const std::string& admdvs,
                                         bool must_not_overdraw, std::int64_t now_us) {
  if (auto existing = account(tx, code)) return *existing;
  const long long person = person_id.value_or(0), now = now_us;
  const int overdraw = must_not_overdraw ? 1 : 0;
  soci::indicator person_ind = person_id ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO ledger_accounts (code, kind, person_id, admdvs, debits_posted, credits_posted,"
              " must_not_overdraw, created_at_us) VALUES (:code, :kind, :person, :admdvs, 0, 0, :overdraw, :now)"
              " ON CONFLICT (code) DO NOTHING",
      soci::use(code), soci::use(kind), soci::use(person, person_ind), soci::use(admdvs), soci::use(overdraw),
      soci::use(now));
  return *account(tx, code);
}

std::optional<LedgerAccount> LedgerRepo::account(Tx& tx, const std::string& code) {
  return fetch_account(tx, "WHERE code = :code", soci::use(code));
}

std::map<std::string, LedgerAccount> LedgerRepo::accounts(Tx& tx, const std::vector<std::string>& codes) {
  std::map<std::string, LedgerAccount> out;
  if (codes.empty()) return out;
  AccountFetch f;
  std::string where = "WHERE code IN (";
  for (std::size_t i = 0; i < codes.size(); ++i) where += (i ? ", :c" : ":c") + std::to_string(i);
  where += ")";
  auto st = tx.once_bound(kAccountColumns + where, [&](soci::statement& s) {
    for (const auto& code : codes) s.exchange(soci::use(code));
    s.exchange(soci::into(f.id));
    s.exchange(soci::into(f.code));
    s.exchange(soci::into(f.kind));
    s.exchange(soci::into(f.person, f.person_ind));
    s.exchange(soci::into(f.admdvs, f.admdvs_ind));
    s.exchange(soci::into(f.debits));
    s.exchange(soci::into(f.credits));
    s.exchange(soci::into(f.overdraw));
    s.exchange(soci::into(f.pending));
  });
  st.execute(false);
  while (st.fetch()) out.emplace(f.code, f.take());
  return out;
}

std::int64_t LedgerRepo::balance(Tx& tx, const LedgerAccount& account) {
  if (account.must_not_overdraw) return account.balance();
  const long long id = account.id;
  long long credits = 0, debits = 0;
  tx.run("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE credit_account_id = :id", soci::use(id),
      soci::into(credits));
  tx.run("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE debit_account_id = :id", soci::use(id),
      soci::into(debits));
  return credits - debits;
}

std::optional<LedgerAccount> LedgerRepo::account_by_id(Tx& tx, std::int64_t id) {
  const long long key = id;
  return fetch_account(tx, "WHERE id = :id", soci::use(key));
}

bool LedgerRepo::transfer_exists(Tx& tx, const std::string& key) {
  int count = 0;
  tx.run("SELECT COUNT(*) FROM ledger_transfers WHERE idempotency_key = :k", soci::use(key), soci::into(count));
  return count > 0;
}

core::Result<PostedTransfer> LedgerRepo::post(Tx& tx, const TransferRequest& request, std::int64_t now_us,
                                              const std::map<std::string, LedgerAccount>* known) {
  // 1. The request itself (TigerBeetle's flat list of checks, each its own answer).
  if (request.idempotency_key.empty()) return Error{Reason::FIELD_MISSING, "转账缺少幂等键", "idempotency_key"};
  if (request.legs.empty()) return Error{Reason::FIELD_INVALID, "转账没有分录", "legs"};
  std::int64_t total = 0;
  for (const auto& leg : request.legs) {
    if (leg.amount <= 0) return Error{Reason::FIELD_INVALID, "分录金额须大于 0", "amount"};
    if (leg.debit_account_id == leg.credit_account_id) return Error{Reason::FIELD_INVALID, "借贷不能是同一账户", "legs"};
    if (add_overflows(total, leg.amount)) return Reason::MONEY_OVERFLOW;
    total += leg.amount;
  }

  // 2. Idempotency: the key is claimed by inserting the transfer row. A retry of the same key
  //    finds it and moves nothing — it can never turn an old failure into a success either,
  //    because a refused transfer rolls back together with its row.
  long long transfer_id = 0;
  const long long now = now_us, amount = total;
  soci::indicator got = soci::i_null;
  tx.run("INSERT INTO ledger_transfers (idempotency_key, kind, reference, note, amount, created_at_us)"
              " VALUES (:k, :kind, :ref, :note, :amount, :now) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
      soci::use(request.idempotency_key), soci::use(request.kind), soci::use(request.reference), soci::use(request.note),
      soci::use(amount), soci::use(now), soci::into(transfer_id, got));
  if (!tx.sql().got_data() || got != soci::i_ok) {
    // TigerBeetle's exists_with_different_*: the key names one transfer, so a retry must ask
    // for exactly it; another transfer under a used key is refused, never taken as done.
    std::string kind;
    tx.run("SELECT id, kind FROM ledger_transfers WHERE idempotency_key = :k", soci::use(request.idempotency_key),
        soci::into(transfer_id), soci::into(kind));
    if (kind != request.kind || !same_legs(legs_of(tx, request.idempotency_key), request.legs)) {
      return Error{Reason::LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS, request.idempotency_key, "idempotency_key"};
    }
    return PostedTransfer{transfer_id, true};
  }

  // 3. Net movement per account, in ascending id order (the fixed lock order).
  struct Delta {
    std::int64_t debits = 0;
    std::int64_t credits = 0;
    std::int64_t pending = 0;  // holds spent (-) and restored (+) on this account
  };
  std::map<std::int64_t, Delta> deltas;  // ordered by account id
  for (const auto& leg : request.legs) {
    deltas[leg.debit_account_id].debits += leg.amount;
    deltas[leg.credit_account_id].credits += leg.amount;
  }
  // Holds first (the fixed order: holds, then accounts, each by ascending id).
  std::vector<std::optional<std::int64_t>> entry_holds(request.legs.size());
  {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < request.legs.size(); ++i) {
      if (request.legs[i].spends_hold || request.legs[i].restores_hold) order.push_back(i);
    }
    const auto hold_of = [&](std::size_t i) {
      return request.legs[i].spends_hold ? *request.legs[i].spends_hold : *request.legs[i].restores_hold;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hold_of(a) < hold_of(b); });
    for (const auto i : order) {
      const auto& leg = request.legs[i];
      const long long hold = hold_of(i), x = leg.amount, now_at = now_us;
      if (leg.spends_hold) {
        const long long account = leg.debit_account_id;
        const bool spent = tx.execute(
            "UPDATE ledger_holds SET amount = amount - :x1, spent = spent + :x2, updated_at_us = :now"
            " WHERE id = :h AND account_id = :a AND status = 'pending' AND amount >= :x3",
            soci::use(x, "x1"), soci::use(x, "x2"), soci::use(now_at, "now"), soci::use(hold, "h"),
            soci::use(account, "a"), soci::use(x, "x3")) == 1;
        if (!spent) return Error{Reason::LEDGER_HOLD_CHANGED, "hold #" + std::to_string(hold), "hold"};
        deltas[leg.debit_account_id].pending -= leg.amount;
        entry_holds[i] = hold;
      } else {
        // A reversal: back under the hold while it is pending; a voided hold's money comes back free.
        const long long account = leg.credit_account_id;
        const bool restored = tx.execute(
            "UPDATE ledger_holds SET amount = amount + :x1, spent = spent - :x2, updated_at_us = :now"
            " WHERE id = :h AND account_id = :a AND status = 'pending' AND spent >= :x3",
            soci::use(x, "x1"), soci::use(x, "x2"), soci::use(now_at, "now"), soci::use(hold, "h"),
            soci::use(account, "a"), soci::use(x, "x3")) == 1;
        if (restored) {
          deltas[leg.credit_account_id].pending += leg.amount;
          entry_holds[i] = hold;
        }
      }
    }
  }
  // Which of them keep running totals: one read, no lock. The others (fund pools, receivables,
  // cash desks, income) are left untouched, so settlements never queue on their rows.
  std::set<std::int64_t> found, bounded;
  if (known != nullptr) {
    for (const auto& [code, account] : *known) {
      if (!deltas.contains(account.id)) continue;
      found.insert(account.id);
      if (account.must_not_overdraw) bounded.insert(account.id);
    }
  }
  if (found.size() != deltas.size()) {
    found.clear();
    bounded.clear();
    std::vector<long long> ids;
    std::string in;
    for (const auto& [account_id, delta] : deltas) {
      in += (ids.empty() ? ":a" : ", :a") + std::to_string(ids.size());
      ids.push_back(account_id);
    }
    long long id = 0;
    int overdraw = 0;
    auto st = tx.once_bound("SELECT id, must_not_overdraw FROM ledger_accounts WHERE id IN (" + in + ")",
                            [&](soci::statement& s) {
                              for (const auto& v : ids) s.exchange(soci::use(v));
                              s.exchange(soci::into(id));
                              s.exchange(soci::into(overdraw));
                            });
    st.execute(false);
    while (st.fetch()) {
      found.insert(id);
      if (overdraw != 0) bounded.insert(id);
    }
  }
  if (found.size() != deltas.size()) return Error{Reason::FIELD_INVALID, "账户不存在", "legs"};
  {
    // Double entry: what the accounts are debited is what they are credited, and the transfer's
    // amount is both. Built from the legs above, so only a bug here can break it.
    std::int64_t debited = 0, credited = 0;
    for (const auto& [account_id, delta] : deltas) {
      debited += delta.debits;
      credited += delta.credits;
    }
    YIBAO_INVARIANT(debited == credited && debited == total, "ledger legs do not balance: " + request.idempotency_key);
  }
  PostedTransfer posted{transfer_id, false, {}};
  for (const auto& [account_id, delta] : deltas) {
    if (!bounded.contains(account_id)) {
      YIBAO_INVARIANT(delta.pending == 0, "a hold on an unbounded ledger account: #" + std::to_string(account_id));
      continue;
    }
    const long long id = account_id, d = delta.debits, c = delta.credits, p = delta.pending;
    long long debits_after = 0, credits_after = 0;
    bool changed = false;
    if (p == 0) {
      // The common case keeps its one shape: nothing held changes, what is held stays out of reach.
      changed = tx.run(
          "UPDATE ledger_accounts SET debits_posted = debits_posted + :d, credits_posted = credits_posted + :c"
          " WHERE id = :id AND credits_posted + :c2 >= debits_posted + debits_pending + :d2"
          " RETURNING debits_posted, credits_posted",
          soci::use(d, "d"), soci::use(c, "c"), soci::use(id, "id"), soci::use(c, "c2"), soci::use(d, "d2"),
          soci::into(debits_after), soci::into(credits_after));
    } else {
      changed = tx.run(
          "UPDATE ledger_accounts SET debits_posted = debits_posted + :d, credits_posted = credits_posted + :c,"
          " debits_pending = debits_pending + :p"
          " WHERE id = :id AND credits_posted + :c2 >= debits_posted + debits_pending + :d2 + :p2"
          " AND debits_pending + :p3 >= 0 RETURNING debits_posted, credits_posted",
          soci::use(d, "d"), soci::use(c, "c"), soci::use(p, "p"), soci::use(id, "id"), soci::use(c, "c2"),
          soci::use(d, "d2"), soci::use(p, "p2"), soci::use(p, "p3"), soci::into(debits_after),
          soci::into(credits_after));
    }
    if (!changed) {
      auto account = account_by_id(tx, account_id);
      return Error{Reason::BALANCE_INSUFFICIENT, account ? account->code : std::to_string(account_id)};
    }
    YIBAO_INVARIANT(credits_after >= debits_after, "bounded ledger account below zero: #" + std::to_string(account_id));
    posted.balances_after[account_id] = credits_after - debits_after;
  }

  // 4. The entries themselves, many rows per statement.
  in_chunks(request.legs.size(), [&](std::size_t first, std::size_t count) {
    std::vector<long long> debits, credits, amounts, holds;
    std::vector<soci::indicator> hold_inds;
    for (std::size_t i = first; i < first + count; ++i) {
      debits.push_back(request.legs[i].debit_account_id);
      credits.push_back(request.legs[i].credit_account_id);
      amounts.push_back(request.legs[i].amount);
      holds.push_back(entry_holds[i].value_or(0));
      hold_inds.push_back(entry_holds[i] ? soci::i_ok : soci::i_null);
    }
    tx.once_bound(
          "INSERT INTO ledger_entries (transfer_id, debit_account_id, credit_account_id, amount, rule, created_at_us,"
          " hold_id) VALUES " + row_placeholders({"t", "d", "c", "a", "r", "w", "h"}, count),
          [&](soci::statement& st) {
            for (std::size_t i = 0; i < count; ++i) {
              const auto n = std::to_string(i);
              st.exchange(soci::use(transfer_id, "t" + n));
              st.exchange(soci::use(debits[i], "d" + n));
              st.exchange(soci::use(credits[i], "c" + n));
              st.exchange(soci::use(amounts[i], "a" + n));
              st.exchange(soci::use(request.legs[first + i].rule, "r" + n));
              st.exchange(soci::use(now, "w" + n));
              st.exchange(soci::use(holds[i], hold_inds[i], "h" + n));
            }
          })
        .execute(true);
  });
  return posted;
}

std::vector<LedgerEntryView> LedgerRepo::entries_of(Tx& tx, std::int64_t account_id, int limit,
                                                    std::int64_t before_entry_id) {
  const long long id = account_id, before = before_entry_id > 0 ? before_entry_id : std::numeric_limits<long long>::max();
  LedgerEntryView v;
  long long entry = 0, transfer = 0, amount = 0, debit = 0, created = 0;
  std::string other;
  auto st =
      tx.once("SELECT e.id, e.transfer_id, t.kind, t.reference, t.note, e.rule, e.amount, e.debit_account_id,"
                           " CASE WHEN e.debit_account_id = :a1 THEN c.code ELSE d.code END, e.created_at_us"
                           " FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id"
                           " JOIN ledger_accounts d ON d.id = e.debit_account_id"
                           " JOIN ledger_accounts c ON c.id = e.credit_account_id"
                           " WHERE (e.debit_account_id = :a2 OR e.credit_account_id = :a3) AND e.id < :before"
                           " ORDER BY e.id DESC LIMIT " + std::to_string(std::clamp(limit, 1, 200)),
       soci::use(id, "a1"), soci::use(id, "a2"), soci::use(id, "a3"), soci::use(before, "before"), soci::into(entry),
       soci::into(transfer), soci::into(v.transfer_kind), soci::into(v.reference), soci::into(v.note), soci::into(v.rule),
       soci::into(amount), soci::into(debit), soci::into(other), soci::into(created));
  st.execute(false);
  std::vector<LedgerEntryView> out;
  while (st.fetch()) {
    v.entry_id = entry;
    v.transfer_id = transfer;
    v.amount = debit == account_id ? -amount : amount;
    v.counter_account = other;
    v.created_at_us = created;
    out.push_back(v);
  }
  return out;
}

namespace {

constexpr const char* kHoldColumns =
    "SELECT id, idempotency_key, kind, account_id, amount, spent, released, status, reference, created_at_us"
    " FROM ledger_holds ";

std::vector<HoldRow> fetch_holds(Tx& tx, const std::string& where, const std::function<void(soci::statement&)>& bind) {
  HoldRow h;
  long long id = 0, account = 0, amount = 0, spent = 0, released = 0, created = 0;
  auto st = tx.once_bound(kHoldColumns + where, [&](soci::statement& s) {
    bind(s);
    s.exchange(soci::into(id));
    s.exchange(soci::into(h.idempotency_key));
    s.exchange(soci::into(h.kind));
    s.exchange(soci::into(account));
    s.exchange(soci::into(amount));
    s.exchange(soci::into(spent));
    s.exchange(soci::into(released));
    s.exchange(soci::into(h.status));
    s.exchange(soci::into(h.reference));
    s.exchange(soci::into(created));
  });
  st.execute(false);
  std::vector<HoldRow> out;
  while (st.fetch()) {
    h.id = id;
    h.account_id = account;
    h.amount = amount;
    h.spent = spent;
    h.released = released;
    h.created_at_us = created;
    out.push_back(h);
  }
  return out;
}

std::optional<HoldRow> hold_by_id(Tx& tx, std::int64_t id) {
  const long long key = id;
  auto rows = fetch_holds(tx, "WHERE id = :id", [&](soci::statement& s) { s.exchange(soci::use(key)); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

// The account side of a hold change: `delta` more held (or less, when negative). Raising it is
// refused unless that much is available.
bool move_pending(Tx& tx, std::int64_t account_id, std::int64_t delta) {
  const long long id = account_id, d = delta;
  return tx.execute("UPDATE ledger_accounts SET debits_pending = debits_pending + :d1"
                    " WHERE id = :id AND must_not_overdraw = 1 AND debits_pending + :d2 >= 0"
                    " AND credits_posted >= debits_posted + debits_pending + :d3",
                    soci::use(d, "d1"), soci::use(id, "id"), soci::use(d, "d2"), soci::use(d, "d3")) == 1;
}

Error short_of(Tx& tx, std::int64_t account_id) {
  auto account = LedgerRepo::account_by_id(tx, account_id);
  return Error{Reason::BALANCE_INSUFFICIENT, account ? account->code : std::to_string(account_id)};
}

}  // namespace

AuditReport LedgerRepo::audit(Tx& tx) {
  AuditReport report;
  // Recompute from the entries, one pass, then compare with every cached total.
  std::map<long long, std::pair<long long, long long>> recomputed;  // id -> (debits, credits)
  {
    long long account = 0, debits = 0;
    auto st = tx.once("SELECT debit_account_id, SUM(amount) FROM ledger_entries GROUP BY debit_account_id",
                          soci::into(account), soci::into(debits));
    st.execute(false);
    while (st.fetch()) recomputed[account].first = debits;
  }
  {
    long long account = 0, credits = 0;
    auto st = tx.once("SELECT credit_account_id, SUM(amount) FROM ledger_entries GROUP BY credit_account_id",
                          soci::into(account), soci::into(credits));
    st.execute(false);
    while (st.fetch()) recomputed[account].second = credits;
  }
  tx.run("SELECT COUNT(*) FROM ledger_entries", soci::into(report.entries));

  // Holds: what each account's pending holds reserve, and each hold's spending from the entries.
  std::map<long long, long long> held;  // account id -> Σ pending holds
  {
    std::map<long long, long long> spent_by_entries;  // hold id -> debits through it − restorations
    long long hold = 0, debit = 0, amount = 0, account = 0;
    auto entries = tx.once("SELECT e.hold_id, e.debit_account_id, e.amount, h.account_id FROM ledger_entries e"
                           " JOIN ledger_holds h ON h.id = e.hold_id",
                           soci::into(hold), soci::into(debit), soci::into(amount), soci::into(account));
    entries.execute(false);
    while (entries.fetch()) spent_by_entries[hold] += debit == account ? amount : -amount;
    for (const auto& h : fetch_holds(tx, "ORDER BY id", [](soci::statement&) {})) {
      const std::string name = "hold #" + std::to_string(h.id) + " (" + h.reference + ")";
      if (h.status == "pending") {
        held[h.account_id] += h.amount;
      } else if (h.amount != 0) {
        report.findings.push_back({name, h.status + " but still holds " + std::to_string(h.amount)});
      }
      if (h.spent != spent_by_entries[h.id]) {
        report.findings.push_back({name, "spent " + std::to_string(h.spent) + " but its entries say " +
                                             std::to_string(spent_by_entries[h.id])});
      }
    }
  }

  AccountFetch f;
  auto st = tx.once("SELECT id, code, kind, person_id, admdvs, debits_posted, credits_posted,"
                    " must_not_overdraw, debits_pending FROM ledger_accounts ORDER BY id",
                    soci::into(f.id), soci::into(f.code), soci::into(f.kind), soci::into(f.person, f.person_ind),
                    soci::into(f.admdvs, f.admdvs_ind), soci::into(f.debits), soci::into(f.credits),
                    soci::into(f.overdraw), soci::into(f.pending));
  st.execute(false);
  while (st.fetch()) {
    const auto a = f.take();
    ++report.accounts;
    const auto [debits, credits] = recomputed[a.id];
    // Unbounded accounts keep no running totals (see post), so theirs must stay 0/0.
    const std::int64_t cached_debits = a.must_not_overdraw ? debits : 0, cached_credits = a.must_not_overdraw ? credits : 0;
    if (cached_debits != a.debits_posted || cached_credits != a.credits_posted) {
      report.findings.push_back({a.code, "cached totals " + std::to_string(a.debits_posted) + "/" +
                                             std::to_string(a.credits_posted) + " differ from entries " +
                                             std::to_string(debits) + "/" + std::to_string(credits)});
    }
    if (a.must_not_overdraw && credits < debits) {
      report.findings.push_back({a.code, "balance below zero: " + std::to_string(credits - debits)});
    }
    if (a.debits_pending != held[a.id]) {
      report.findings.push_back({a.code, "pending debits " + std::to_string(a.debits_pending) + " differ from its holds " +
                                             std::to_string(held[a.id])});
    }
    if (a.debits_pending > 0 && credits - debits < a.debits_pending) {
      report.findings.push_back({a.code, "holds " + std::to_string(a.debits_pending) + " exceed the balance " +
                                             std::to_string(credits - debits)});
    }
    report.total_balance += credits - debits;
    recomputed.erase(a.id);
  }
  for (const auto& [id, totals] : recomputed) {
    report.findings.push_back({"#" + std::to_string(id), "entries reference a missing account"});
    report.total_balance += totals.second - totals.first;
  }
  return report;
}

std::vector<LedgerLeg> LedgerRepo::legs_of(Tx& tx, const std::string& idempotency_key) {
  LedgerLeg leg;
  long long debit = 0, credit = 0, amount = 0, hold = 0, hold_account = 0;
  soci::indicator hold_ind = soci::i_ok, account_ind = soci::i_ok;
  auto st = tx.once("SELECT e.debit_account_id, e.credit_account_id, e.amount, e.rule, e.hold_id, h.account_id"
                    " FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id"
                    " LEFT JOIN ledger_holds h ON h.id = e.hold_id"
                    " WHERE t.idempotency_key = :k ORDER BY e.id",
                    soci::use(idempotency_key), soci::into(debit), soci::into(credit), soci::into(amount),
                    soci::into(leg.rule), soci::into(hold, hold_ind), soci::into(hold_account, account_ind));
  st.execute(false);
  std::vector<LedgerLeg> out;
  while (st.fetch()) {
    leg.debit_account_id = debit;
    leg.credit_account_id = credit;
    leg.amount = amount;
    leg.spends_hold.reset();
    leg.restores_hold.reset();
    if (hold_ind == soci::i_ok && account_ind == soci::i_ok) {
      (hold_account == debit ? leg.spends_hold : leg.restores_hold) = hold;
    }
    out.push_back(leg);
  }
  return out;
}


std::vector<PayerPart> LedgerRepo::payer_parts(Tx& tx, const std::vector<std::string>& setl_ids) {
  std::vector<PayerPart> out;
  if (setl_ids.empty()) return out;
  // A settlement's payers are its debit side; a reversal posts the legs swapped.
  std::string sql =
      "SELECT t.reference, t.kind, e.rule, e.amount, d.person_id, c.person_id FROM ledger_entries e"
      " JOIN ledger_transfers t ON t.id = e.transfer_id"
      " JOIN ledger_accounts d ON d.id = e.debit_account_id JOIN ledger_accounts c ON c.id = e.credit_account_id"
      " WHERE t.kind IN ('settlement', 'reversal') AND t.reference IN (";
  for (std::size_t i = 0; i < setl_ids.size(); ++i) sql += (i ? ", :r" : ":r") + std::to_string(i);
  sql += ") ORDER BY e.id";
  std::string reference, kind, rule;
  long long amount = 0, debit_person = 0, credit_person = 0;
  soci::indicator debit_ind = soci::i_ok, credit_ind = soci::i_ok;
  auto st = tx.once_bound(sql, [&](soci::statement& s) {
    for (const auto& id : setl_ids) s.exchange(soci::use(id));
    s.exchange(soci::into(reference));
    s.exchange(soci::into(kind));
    s.exchange(soci::into(rule));
    s.exchange(soci::into(amount));
    s.exchange(soci::into(debit_person, debit_ind));
    s.exchange(soci::into(credit_person, credit_ind));
  });
  st.execute(false);
  while (st.fetch()) {
    PayerPart part{reference, rule, std::nullopt, amount};
    const bool reversal = kind == "reversal";
    const auto ind = reversal ? credit_ind : debit_ind;
    if (ind == soci::i_ok) part.payer_person_id = reversal ? credit_person : debit_person;
    if (reversal) {
      part.amount = -amount;
      if (part.rule.starts_with("reversal:")) part.rule.erase(0, std::string_view("reversal:").size());  // the plan's rule
    }
    out.push_back(std::move(part));
  }
  return out;
}

core::Result<HoldRow> LedgerRepo::place_hold(Tx& tx, const HoldRequest& request, std::int64_t now_us) {
  if (request.idempotency_key.empty()) return Error{Reason::FIELD_MISSING, "冻结缺少幂等键", "idempotency_key"};
  if (request.amount < 0) return Error{Reason::FIELD_INVALID, "冻结金额不能为负", "amount"};
  const long long account = request.account_id, amount = request.amount, now = now_us;
  long long id = 0;
  soci::indicator got = soci::i_null;
  tx.run("INSERT INTO ledger_holds (idempotency_key, kind, account_id, amount, spent, released, status, reference,"
         " created_at_us, updated_at_us) VALUES (:k, :kind, :a, :amount, 0, 0, 'pending', :ref, :now1, :now2)"
         " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
         soci::use(request.idempotency_key, "k"), soci::use(request.kind, "kind"), soci::use(account, "a"),
         soci::use(amount, "amount"), soci::use(request.reference, "ref"), soci::use(now, "now1"),
         soci::use(now, "now2"), soci::into(id, got));
  if (!tx.sql().got_data() || got != soci::i_ok) {
    auto rows = fetch_holds(tx, "WHERE idempotency_key = :k",
                            [&](soci::statement& s) { s.exchange(soci::use(request.idempotency_key)); });
    if (rows.empty() || rows.front().account_id != request.account_id || rows.front().kind != request.kind) {
      return Error{Reason::LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS, request.idempotency_key, "idempotency_key"};
    }
    return rows.front();
  }
  if (amount > 0 && !move_pending(tx, request.account_id, request.amount)) return short_of(tx, request.account_id);
  return *hold_by_id(tx, id);
}

core::Result<HoldRow> LedgerRepo::adjust_hold(Tx& tx, std::int64_t hold_id, std::int64_t delta, std::int64_t now_us) {
  const long long id = hold_id, d = delta, now = now_us;
  long long account = 0;
  if (!tx.run("UPDATE ledger_holds SET amount = amount + :d1, updated_at_us = :now"
              " WHERE id = :id AND status = 'pending' AND amount + :d2 >= 0 RETURNING account_id",
              soci::use(d, "d1"), soci::use(now, "now"), soci::use(id, "id"), soci::use(d, "d2"),
              soci::into(account))) {
    return Error{Reason::LEDGER_HOLD_CHANGED, "hold #" + std::to_string(hold_id), "hold"};
  }
  if (delta != 0 && !move_pending(tx, account, delta)) return short_of(tx, account);
  return *hold_by_id(tx, hold_id);
}

std::optional<HoldRow> LedgerRepo::close_hold(Tx& tx, std::int64_t hold_id, const std::string& status,
                                              std::int64_t now_us) {
  YIBAO_INVARIANT(status == "voided" || status == "posted", "a hold closes as voided or posted: " + status);
  const long long id = hold_id, now = now_us;
  long long account = 0, released = 0;
  // SET reads the row as it was: `released` takes what was still held before amount becomes 0
  // (a hold closes once, so nothing was released before).
  if (!tx.run("UPDATE ledger_holds SET status = :s, released = amount, amount = 0, updated_at_us = :now"
              " WHERE id = :id AND status = 'pending'" + std::string(status == "posted" ? " AND amount = 0" : "") +
              " RETURNING account_id, released",
              soci::use(status, "s"), soci::use(now, "now"), soci::use(id, "id"), soci::into(account),
              soci::into(released))) {
    return std::nullopt;
  }
  // Lowering what is held always succeeds: debits_pending includes this hold's amount.
  const bool freed = released == 0 || move_pending(tx, account, -released);
  YIBAO_INVARIANT(freed, "hold larger than its account's pending debits: #" + std::to_string(hold_id));
  return hold_by_id(tx, hold_id);
}

std::vector<HoldRow> LedgerRepo::holds_by_reference(Tx& tx, const std::vector<std::string>& references) {
  if (references.empty()) return {};
  std::string in;
  for (std::size_t i = 0; i < references.size(); ++i) in += (i ? ", :r" : ":r") + std::to_string(i);
  return fetch_holds(tx, "WHERE reference IN (" + in + ") ORDER BY id", [&](soci::statement& s) {
    for (const auto& r : references) s.exchange(soci::use(r));
  });
}

}  // namespace yibao::store
