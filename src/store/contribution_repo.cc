#include "store/contribution_repo.h"

namespace yibao::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, receipt_no, insured_person_id, payer_person_id, insutype, admdvs, year, amount, paid_from, transfer_id,"
    " paid_at_us FROM contributions ";

template <class... Uses>
std::vector<ContributionRow> fetch(Tx& tx, const std::string& where, Uses&&... uses) {
  ContributionRow r;
  long long id = 0, insured = 0, payer = 0, amount = 0, transfer = 0, paid = 0;
  auto st = tx.once(kColumns + where, soci::into(id), soci::into(r.receipt_no), soci::into(insured),
                               soci::into(payer), soci::into(r.insutype), soci::into(r.admdvs), soci::into(r.year),
                               soci::into(amount), soci::into(r.paid_from), soci::into(transfer), soci::into(paid),
                               std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<ContributionRow> out;
  while (st.fetch()) {
    r.id = id;
    r.insured_person_id = insured;
    r.payer_person_id = payer;
    r.amount = amount;
    r.transfer_id = transfer;
    r.paid_at_us = paid;
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::int64_t ContributionRepo::insert(Tx& tx, const ContributionRow& r) {
  long long id = 0;
  const long long insured = r.insured_person_id, payer = r.payer_person_id, amount = r.amount, transfer = r.transfer_id,
                  paid = r.paid_at_us;
  tx.run("INSERT INTO contributions (receipt_no, insured_person_id, payer_person_id, insutype, admdvs, year, amount,"
              " paid_from, transfer_id, paid_at_us) VALUES (:r, :i, :p, :t, :a, :y, :amount, :from, :transfer, :paid)"
              " RETURNING id",
      soci::use(r.receipt_no), soci::use(insured), soci::use(payer), soci::use(r.insutype), soci::use(r.admdvs),
      soci::use(r.year), soci::use(amount), soci::use(r.paid_from), soci::use(transfer), soci::use(paid), soci::into(id));
  return id;
}

bool ContributionRepo::exists(Tx& tx, std::int64_t insured, const std::string& insutype, const std::string& year) {
  const long long key = insured;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM contributions WHERE insured_person_id = :i AND insutype = :t AND year = :y",
      soci::use(key), soci::use(insutype), soci::use(year), soci::into(count));
  return count > 0;
}

std::optional<ContributionRow> ContributionRepo::by_receipt(Tx& tx, const std::string& receipt_no) {
  auto rows = fetch(tx, "WHERE receipt_no = :r", soci::use(receipt_no));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ContributionRow> ContributionRepo::involving(Tx& tx, std::int64_t person_id, const ContributionFilter& f) {
  const long long p = person_id;
  return fetch(tx,
               "WHERE (insured_person_id = :p1 OR payer_person_id = :p2) AND (:a1 = '' OR admdvs = :a2)"
               " AND (:t1 = '' OR insutype = :t2) AND (:y1 = '' OR year = :y2) ORDER BY paid_at_us DESC, id DESC",
               soci::use(p, "p1"), soci::use(p, "p2"), soci::use(f.admdvs, "a1"), soci::use(f.admdvs, "a2"),
               soci::use(f.insutype, "t1"), soci::use(f.insutype, "t2"), soci::use(f.year, "y1"), soci::use(f.year, "y2"));
}

}  // namespace yibao::store
