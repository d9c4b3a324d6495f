#pragma once
// 9101 文件上传 / 9102 文件下载: files an institution exchanges with yibao, kept per
// institution, at most kMaxFileBytes, and downloadable until their dld_endtime.

#include <chrono>
#include <cstddef>
#include <string>

#include "core/result.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/fsi_file_repo.h"

namespace yibao::services {

inline constexpr std::size_t kMaxFileBytes = 512 * 1024;
inline constexpr std::chrono::hours kFileLifetime{72};

class InstitutionFiles {
 public:
  explicit InstitutionFiles(ServiceContext& ctx) : ctx_(ctx) {}

  // FIELD_MISSING/FIELD_INVALID for an empty or overlong filename, FSI_FILE_INVALID for an
  // empty file, FSI_FILE_TOO_LARGE beyond kMaxFileBytes.
  core::Result<store::FsiFileRow> upload(const FsiCaller& caller, const std::string& filename, const std::string& bytes);
  // FSI_FILE_NOT_FOUND for an unknown, expired or another institution's file, or a filename
  // that is not the file's.
  core::Result<store::FsiFileRow> download(const FsiCaller& caller, const std::string& file_qury_no,
                                           const std::string& filename);

 private:
  ServiceContext& ctx_;
};

// A new file, stored in the caller's transaction (3202 answers its difference file this way).
store::FsiFileRow store_file(store::Tx& tx, const FsiCaller& caller, const std::string& filename,
                             const std::string& origin, std::string bytes, std::chrono::system_clock::time_point now);

}  // namespace yibao::services
