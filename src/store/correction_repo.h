#pragma once
// The writes only 2601 冲正 makes: undoing a reversal puts its settlement back as it stood —
// the settlement settled again, its fee details settled again, the reversal marked undone.
// (Undoing a settlement is an ordinary reversal; undoing a registration an ordinary cancel.)

#include <string>

#include "store/database.h"

namespace yibao::store {

class CorrectionRepo {
 public:
  // The details a reversal of `setl_id` reopened: how many there were, and how many of them
  // are still open (neither cancelled nor settled by another settlement since).
  struct Reopened {
    long long total = 0;
    long long still_open = 0;
  };
  static Reopened reopened_fees(Tx& tx, const std::string& setl_id);
  // Settles them again under `setl_id`; returns how many.
  static long long resettle_fees(Tx& tx, const std::string& setl_id);
  // reversed → settled; false when it was not 'reversed'.
  static bool mark_settled_again(Tx& tx, const std::string& setl_id);
  // A reversal row → 'undone' (it no longer counts in spending or reconciliation); false when
  // it was not a standing reversal.
  static bool mark_reversal_undone(Tx& tx, const std::string& reversal_setl_id);
  // A settlement 2601 reversed, and that reversal: left out of reconciliation.
  static void mark_corrected(Tx& tx, const std::string& setl_id);
};

}  // namespace yibao::store
