#include "store/remote_filing_repo.h"

namespace yibao::store {
namespace {

constexpr const char* kColumns =
    "id, person_id, filing_type, dest_admdvs, valid_from, valid_to, status, recorded_by_kind, recorded_by,"
    " created_at_us, cancelled_at_us";

struct Fetch {
  RemoteFilingRow row;
  long long id = 0, person = 0, created = 0, cancelled = 0;
  soci::indicator cancelled_ind = soci::i_ok;
  template <class St>
  void bind(St& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(person));
    st.exchange(soci::into(row.filing_type));
    st.exchange(soci::into(row.dest_admdvs));
    st.exchange(soci::into(row.valid_from));
    st.exchange(soci::into(row.valid_to));
    st.exchange(soci::into(row.status));
    st.exchange(soci::into(row.recorded_by_kind));
    st.exchange(soci::into(row.recorded_by));
    st.exchange(soci::into(created));
    st.exchange(soci::into(cancelled, cancelled_ind));
  }
  RemoteFilingRow take() {
    RemoteFilingRow r = row;
    r.id = id;
    r.person_id = person;
    r.created_at_us = created;
    r.cancelled_at_us = cancelled_ind == soci::i_ok ? std::optional<std::int64_t>(cancelled) : std::nullopt;
    return r;
  }
};

std::vector<RemoteFilingRow> run(Tx& tx, const std::string& where, long long key) {
  Fetch f;
  auto st = tx.once_bound(std::string("SELECT ") + kColumns + " FROM remote_filings WHERE " + where,
                                     [&](soci::statement& s) {
                                       f.bind(s);
                                       s.exchange(soci::use(key));
                                     });
  st.execute(false);
  std::vector<RemoteFilingRow> out;
  while (st.fetch()) out.push_back(f.take());
  return out;
}

}  // namespace

std::int64_t RemoteFilingRepo::insert(Tx& tx, const RemoteFilingRow& r) {
  const long long person = r.person_id, created = r.created_at_us;
  long long id = 0;
  tx.run("INSERT INTO remote_filings (person_id, filing_type, dest_admdvs, valid_from, valid_to, status,"
              " recorded_by_kind, recorded_by, created_at_us) VALUES (:p, :t, :d, :f, :to, 'active', :k, :b, :c)"
              " RETURNING id",
      soci::use(person), soci::use(r.filing_type), soci::use(r.dest_admdvs), soci::use(r.valid_from),
      soci::use(r.valid_to), soci::use(r.recorded_by_kind), soci::use(r.recorded_by), soci::use(created), soci::into(id));
  return id;
}

std::vector<RemoteFilingRow> RemoteFilingRepo::of_person(Tx& tx, std::int64_t person_id, bool active_only) {
  return run(tx, std::string("person_id = :p") + (active_only ? " AND status = 'active'" : "") + " ORDER BY id DESC",
             person_id);
}

std::optional<RemoteFilingRow> RemoteFilingRepo::find(Tx& tx, std::int64_t id) {
  auto rows = run(tx, "id = :id", id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool RemoteFilingRepo::cancel(Tx& tx, std::int64_t id, std::int64_t now_us) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE remote_filings SET status = 'cancelled', cancelled_at_us = :now WHERE id = :id"
                    " AND status = 'active'",
                    soci::use(now), soci::use(key)) == 1;
}

}  // namespace yibao::store
