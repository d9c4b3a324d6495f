#include "store/merge_repo.h"

namespace yibao::store {

void MergeRepo::move_enrolments(Tx& tx, std::int64_t from, std::int64_t to, MergeMoves& moves) {
  const long long f = from, t = to;
  moves.enrolments_moved = static_cast<int>(tx.execute(
      "UPDATE enrolments SET person_id = :to, is_current = 0 WHERE person_id = :from AND (status = 'terminated'"
      " OR NOT EXISTS (SELECT 1 FROM enrolments k WHERE k.person_id = :to2 AND k.status <> 'terminated'"
      " AND k.insutype = enrolments.insutype AND k.admdvs = enrolments.admdvs))",
      soci::use(t, "to"), soci::use(f, "from"), soci::use(t, "to2")));
  int left = 0;
  tx.run("SELECT COUNT(*) FROM enrolments WHERE person_id = :from", soci::use(f), soci::into(left));
  moves.enrolments_left = left;
  // The record that goes keeps no current enrolment: it is no one's credential any more.
  tx.execute("UPDATE enrolments SET is_current = 0 WHERE person_id = :from AND is_current = 1", soci::use(f));
}

void MergeRepo::move_bindings(Tx& tx, std::int64_t from, std::int64_t to, std::int64_t now_us, MergeMoves& moves) {
  const long long f = from, t = to, now = now_us;
  // First the ones that cannot move: the kept record already has the pair, or the binding is
  // between the two records (one would hold itself).
  moves.bindings_ended = static_cast<int>(tx.execute(
      "UPDATE family_bindings SET status = 'unbound', unbound_at_us = :now, unbind_reason = 'account_cancelled',"
      " unbind_note = '人员信息合并：与保留的记录重复', unbound_by = 'system' WHERE status = 'active' AND ("
      " (holder_person_id = :f1 AND (member_person_id = :t1 OR EXISTS (SELECT 1 FROM family_bindings k"
      "   WHERE k.status = 'active' AND k.holder_person_id = :t2 AND k.member_person_id = family_bindings.member_person_id)))"
      " OR (member_person_id = :f2 AND (holder_person_id = :t3 OR EXISTS (SELECT 1 FROM family_bindings k"
      "   WHERE k.status = 'active' AND k.member_person_id = :t4 AND k.holder_person_id = family_bindings.holder_person_id))))",
      soci::use(now, "now"), soci::use(f, "f1"), soci::use(t, "t1"), soci::use(t, "t2"), soci::use(f, "f2"),
      soci::use(t, "t3"), soci::use(t, "t4")));
  moves.bindings_moved = static_cast<int>(
      tx.execute("UPDATE family_bindings SET holder_person_id = :t WHERE status = 'active' AND holder_person_id = :f",
                 soci::use(t, "t"), soci::use(f, "f")));
  moves.bindings_moved += static_cast<int>(
      tx.execute("UPDATE family_bindings SET member_person_id = :t WHERE status = 'active' AND member_person_id = :f",
                 soci::use(t, "t"), soci::use(f, "f")));
}

void MergeRepo::move_authorisations(Tx& tx, std::int64_t from, std::int64_t to, std::int64_t now_us,
                                    MergeMoves& moves) {
  const long long f = from, t = to, now = now_us;
  moves.authorisations_ended = static_cast<int>(tx.execute(
      "UPDATE mutual_aid_authorisations SET status = 'dissolved', ended_at_us = :now, end_reason = 'person_merged'"
      " WHERE status = 'active' AND ("
      " (authoriser_person_id = :f1 AND (beneficiary_person_id = :t1 OR EXISTS (SELECT 1 FROM mutual_aid_authorisations k"
      "   WHERE k.status = 'active' AND k.authoriser_person_id = :t2"
      "   AND k.beneficiary_person_id = mutual_aid_authorisations.beneficiary_person_id)))"
      " OR (beneficiary_person_id = :f2 AND (authoriser_person_id = :t3 OR EXISTS (SELECT 1 FROM mutual_aid_authorisations k"
      "   WHERE k.status = 'active' AND k.beneficiary_person_id = :t4"
      "   AND k.authoriser_person_id = mutual_aid_authorisations.authoriser_person_id))))",
      soci::use(now, "now"), soci::use(f, "f1"), soci::use(t, "t1"), soci::use(t, "t2"), soci::use(f, "f2"),
      soci::use(t, "t3"), soci::use(t, "t4")));
  moves.authorisations_moved = static_cast<int>(tx.execute(
      "UPDATE mutual_aid_authorisations SET authoriser_person_id = :t WHERE status = 'active' AND authoriser_person_id = :f",
      soci::use(t, "t"), soci::use(f, "f")));
  moves.authorisations_moved += static_cast<int>(tx.execute(
      "UPDATE mutual_aid_authorisations SET beneficiary_person_id = :t WHERE status = 'active'"
      " AND beneficiary_person_id = :f",
      soci::use(t, "t"), soci::use(f, "f")));
}

}  // namespace yibao::store
