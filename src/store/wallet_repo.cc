#include "store/wallet_repo.h"

namespace yibao::store {
namespace {

constexpr const char* kQuotaColumns =
    "SELECT id, giver_person_id, receiver_person_id, relation, amount, status, COALESCE(end_reason, ''), created_at_us,"
    " updated_at_us FROM wallet_quotas ";

template <class... Uses>
std::vector<QuotaRow> fetch_quotas(Tx& tx, const std::string& where, Uses&&... uses) {
  QuotaRow r;
  long long id = 0, giver = 0, receiver = 0, amount = 0, created = 0, updated = 0;
  auto st = tx.once(kQuotaColumns + where, soci::into(id), soci::into(giver), soci::into(receiver), soci::into(r.relation),
                    soci::into(amount), soci::into(r.status), soci::into(r.end_reason), soci::into(created),
                    soci::into(updated), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<QuotaRow> out;
  while (st.fetch()) {
    r.id = id;
    r.giver_person_id = giver;
    r.receiver_person_id = receiver;
    r.amount = amount;
    r.created_at_us = created;
    r.updated_at_us = updated;
    out.push_back(r);
  }
  return out;
}

constexpr const char* kTransferColumns =
    "SELECT id, giver_person_id, receiver_person_id, amount, status, sent_day, sent_at_us, returns_at_us,"
    " COALESCE(closed_at_us, 0), COALESCE(closed_by, ''), COALESCE(close_note, '') FROM wallet_transfers ";

template <class... Uses>
std::vector<WalletTransferRow> fetch_transfers(Tx& tx, const std::string& where, Uses&&... uses) {
  WalletTransferRow r;
  long long id = 0, giver = 0, receiver = 0, amount = 0, sent = 0, returns = 0, closed = 0;
  auto st = tx.once(kTransferColumns + where, soci::into(id), soci::into(giver), soci::into(receiver), soci::into(amount),
                    soci::into(r.status), soci::into(r.sent_day), soci::into(sent), soci::into(returns),
                    soci::into(closed), soci::into(r.closed_by), soci::into(r.close_note), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<WalletTransferRow> out;
  while (st.fetch()) {
    r.id = id;
    r.giver_person_id = giver;
    r.receiver_person_id = receiver;
    r.amount = amount;
    r.sent_at_us = sent;
    r.returns_at_us = returns;
    r.closed_at_us = closed;
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::optional<WalletRow> WalletRepo::wallet(Tx& tx, std::int64_t person_id) {
  const long long p = person_id;
  long long by = 0, at = 0;
  WalletRow r;
  if (!tx.run("SELECT opened_by_person_id, channel, opened_at_us FROM wallets WHERE person_id = :p", soci::use(p),
              soci::into(by), soci::into(r.channel), soci::into(at))) {
    return std::nullopt;
  }
  r.person_id = person_id;
  r.opened_by_person_id = by;
  r.opened_at_us = at;
  return r;
}

bool WalletRepo::open(Tx& tx, const WalletRow& row) {
  const long long p = row.person_id, by = row.opened_by_person_id, at = row.opened_at_us;
  return tx.execute("INSERT INTO wallets (person_id, opened_by_person_id, channel, opened_at_us) VALUES (:p, :by, :c, :at)"
                    " ON CONFLICT (person_id) DO NOTHING",
                    soci::use(p, "p"), soci::use(by, "by"), soci::use(row.channel, "c"), soci::use(at, "at")) == 1;
}

std::int64_t WalletRepo::insert_quota(Tx& tx, const QuotaRow& r) {
  long long id = 0;
  const long long giver = r.giver_person_id, receiver = r.receiver_person_id, amount = r.amount, now = r.created_at_us;
  tx.run("INSERT INTO wallet_quotas (giver_person_id, receiver_person_id, relation, amount, status, created_at_us,"
         " updated_at_us) VALUES (:g, :r, :rel, :amount, 'active', :now1, :now2) RETURNING id",
         soci::use(giver, "g"), soci::use(receiver, "r"), soci::use(r.relation, "rel"), soci::use(amount, "amount"),
         soci::use(now, "now1"), soci::use(now, "now2"), soci::into(id));
  return id;
}

std::optional<QuotaRow> WalletRepo::active_quota(Tx& tx, std::int64_t giver, std::int64_t receiver) {
  const long long g = giver, r = receiver;
  auto rows = fetch_quotas(tx, "WHERE giver_person_id = :g AND receiver_person_id = :r AND status = 'active'",
                           soci::use(g, "g"), soci::use(r, "r"));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<QuotaRow> WalletRepo::active_quotas_of_giver(Tx& tx, std::int64_t giver) {
  const long long g = giver;
  return fetch_quotas(tx, "WHERE giver_person_id = :g AND status = 'active' ORDER BY id", soci::use(g));
}

std::vector<QuotaRow> WalletRepo::active_quotas_for_receiver(Tx& tx, std::int64_t receiver) {
  const long long r = receiver;
  return fetch_quotas(tx, "WHERE receiver_person_id = :r AND status = 'active' ORDER BY id", soci::use(r));
}

std::vector<WalletRepo::QuotaHold> WalletRepo::quota_holds_for_receiver(Tx& tx, std::int64_t receiver) {
  const long long r = receiver;
  long long quota = 0, giver = 0, hold = 0, held = 0;
  QuotaHold row;
  auto st = tx.once("SELECT q.id, q.giver_person_id, h.id, a.kind, h.amount FROM wallet_quotas q"
                    " JOIN ledger_holds h ON h.reference = 'quota:' || q.id AND h.status = 'pending'"
                    " JOIN ledger_accounts a ON a.id = h.account_id"
                    " WHERE q.receiver_person_id = :r AND q.status = 'active' ORDER BY q.id, h.id",
                    soci::use(r), soci::into(quota), soci::into(giver), soci::into(hold), soci::into(row.account_kind),
                    soci::into(held));
  st.execute(false);
  std::vector<QuotaHold> out;
  while (st.fetch()) {
    row.quota_id = quota;
    row.giver_person_id = giver;
    row.hold_id = hold;
    row.held = held;
    out.push_back(row);
  }
  return out;
}

WalletRepo::AidPayers WalletRepo::aid_payers_for(Tx& tx, std::int64_t receiver) {
  const long long r = receiver;
  std::string source, effective_from, account_kind;
  long long id = 0, person = 0, hold = 0, held = 0;
  auto st = tx.once("SELECT 'a', a.id, a.authoriser_person_id, a.effective_from, 0, '', 0 FROM mutual_aid_authorisations a"
                    " WHERE a.beneficiary_person_id = :b AND a.status = 'active'"
                    " UNION ALL"
                    " SELECT 'q', q.id, q.giver_person_id, '', h.id, acc.kind, h.amount FROM wallet_quotas q"
                    " JOIN ledger_holds h ON h.reference = 'quota:' || q.id AND h.status = 'pending'"
                    " JOIN ledger_accounts acc ON acc.id = h.account_id"
                    " WHERE q.receiver_person_id = :r AND q.status = 'active'"
                    " ORDER BY 1, 2, 5",
                    soci::use(r, "b"), soci::use(r, "r"), soci::into(source), soci::into(id), soci::into(person),
                    soci::into(effective_from), soci::into(hold), soci::into(account_kind), soci::into(held));
  st.execute(false);
  AidPayers out;
  while (st.fetch()) {
    if (source == "a") {
      out.authorisations.push_back({id, person, effective_from});
    } else {
      out.quota_holds.push_back({id, person, hold, account_kind, held});
    }
  }
  return out;
}

void WalletRepo::set_quota_amount(Tx& tx, std::int64_t id, std::int64_t amount, std::int64_t now_us) {
  const long long key = id, a = amount, now = now_us;
  tx.run("UPDATE wallet_quotas SET amount = :a, updated_at_us = :now WHERE id = :id", soci::use(a, "a"),
         soci::use(now, "now"), soci::use(key, "id"));
}

bool WalletRepo::end_quota(Tx& tx, std::int64_t id, const std::string& reason, std::int64_t now_us) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE wallet_quotas SET status = 'ended', end_reason = :r, updated_at_us = :now"
                    " WHERE id = :id AND status = 'active'",
                    soci::use(reason, "r"), soci::use(now, "now"), soci::use(key, "id")) == 1;
}

std::int64_t WalletRepo::insert_transfer(Tx& tx, const WalletTransferRow& r) {
  long long id = 0;
  const long long giver = r.giver_person_id, receiver = r.receiver_person_id, amount = r.amount, sent = r.sent_at_us,
                  returns = r.returns_at_us;
  tx.run("INSERT INTO wallet_transfers (giver_person_id, receiver_person_id, amount, status, sent_day, sent_at_us,"
         " returns_at_us) VALUES (:g, :r, :amount, 'pending', :day, :sent, :returns) RETURNING id",
         soci::use(giver, "g"), soci::use(receiver, "r"), soci::use(amount, "amount"), soci::use(r.sent_day, "day"),
         soci::use(sent, "sent"), soci::use(returns, "returns"), soci::into(id));
  return id;
}

std::optional<WalletTransferRow> WalletRepo::transfer(Tx& tx, std::int64_t id) {
  const long long key = id;
  auto rows = fetch_transfers(tx, "WHERE id = :id", soci::use(key));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<WalletTransferRow> WalletRepo::transfers_of(Tx& tx, std::int64_t person_id, int limit) {
  const long long p = person_id;
  return fetch_transfers(tx, "WHERE giver_person_id = :p1 OR receiver_person_id = :p2 ORDER BY id DESC LIMIT " +
                                 std::to_string(limit),
                         soci::use(p, "p1"), soci::use(p, "p2"));
}

int WalletRepo::count_sent_on(Tx& tx, std::int64_t giver, const std::string& beijing_day) {
  const long long g = giver;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM wallet_transfers WHERE giver_person_id = :g AND sent_day = :d", soci::use(g, "g"),
         soci::use(beijing_day, "d"), soci::into(count));
  return count;
}

std::optional<WalletTransferRow> WalletRepo::pending_from(Tx& tx, std::int64_t giver) {
  const long long g = giver;
  auto rows = fetch_transfers(tx, "WHERE giver_person_id = :g AND status = 'pending' ORDER BY id", soci::use(g));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<WalletTransferRow> WalletRepo::pending_to(Tx& tx, std::int64_t receiver) {
  const long long r = receiver;
  return fetch_transfers(tx, "WHERE receiver_person_id = :r AND status = 'pending' ORDER BY id", soci::use(r));
}

std::vector<WalletTransferRow> WalletRepo::due_returns(Tx& tx, std::int64_t now_us, int limit) {
  const long long now = now_us;
  return fetch_transfers(tx, "WHERE status = 'pending' AND returns_at_us <= :now ORDER BY id LIMIT " + std::to_string(limit),
                         soci::use(now));
}

bool WalletRepo::close_transfer(Tx& tx, std::int64_t id, const std::string& from, const std::string& status,
                                const std::string& by, const std::string& note, std::int64_t now_us) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE wallet_transfers SET status = :s, closed_at_us = :now, closed_by = :by, close_note = :note"
                    " WHERE id = :id AND status = :from",
                    soci::use(status, "s"), soci::use(now, "now"), soci::use(by, "by"), soci::use(note, "note"),
                    soci::use(key, "id"), soci::use(from, "from")) == 1;
}

}  // namespace yibao::store
