#pragma once
// What merging a duplicate person record (存在多个基本信息) moves from the record that goes to
// the record that stays, all in the caller's transaction. Each step moves a thing once: an
// enrolment, binding or authorisation the kept record already has (the same insutype and
// 统筹区, the same family pair) is not copied beside it — two copies of one enrolment would be
// two monthly credits. Money moves separately, through the ledger (AgencyService::merge).

#include <cstdint>

#include "store/database.h"

namespace yibao::store {

struct MergeMoves {
  int enrolments_moved = 0;
  int enrolments_left = 0;      // duplicates of the kept record's: stay on the merged-away record as history
  int bindings_moved = 0;
  int bindings_ended = 0;       // duplicates of the kept record's, or between the two records
  int authorisations_moved = 0;
  int authorisations_ended = 0;
};

class MergeRepo {
 public:
  // Enrolments of `from` move to `to` unless `to` has a live (not terminated) enrolment of the
  // same insutype and 统筹区; a terminated one always moves (it is history, it pays nothing).
  static void move_enrolments(Tx& tx, std::int64_t from, std::int64_t to, MergeMoves& moves);
  // Active 亲情账户 bindings held by or naming `from`; a duplicate, or one between the two
  // records, is unbound (account_cancelled, "人员信息合并").
  static void move_bindings(Tx& tx, std::int64_t from, std::int64_t to, std::int64_t now_us, MergeMoves& moves);
  // Active 家庭共济 authorisations given or received by `from`; likewise, a duplicate is dissolved.
  static void move_authorisations(Tx& tx, std::int64_t from, std::int64_t to, std::int64_t now_us, MergeMoves& moves);
};

}  // namespace yibao::store
