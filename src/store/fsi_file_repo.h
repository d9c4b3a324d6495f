#pragma once
// Files of the institution interface (9101 upload, 9102 download), one row each, the bytes
// kept as base64 text. A file belongs to one institution and is gone after its expiry.

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace yibao::store {

struct FsiFileRow {
  std::string file_qury_no;
  std::string institution_code;
  std::string filename;
  std::string origin;   // upload | reconciliation | catalogue (1301)
  std::string content;  // the bytes
  std::int64_t created_at_us = 0;
  std::int64_t expires_at_us = 0;
};

class FsiFileRepo {
 public:
  static void insert(Tx& tx, const FsiFileRow& row);
  // The file of this institution, unexpired at `now_us`; nullopt otherwise (another
  // institution's file is as unknown as a missing one).
  static std::optional<FsiFileRow> find(Tx& tx, const std::string& institution_code, const std::string& file_qury_no,
                                        std::int64_t now_us);
  // Deletes files expired before `now_us`; returns how many.
  static long long purge_expired(Tx& tx, std::int64_t now_us);
};

}  // namespace yibao::store
