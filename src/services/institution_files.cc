#include "services/institution_files.h"

#include "services/fsi_transaction.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

}  // namespace

store::FsiFileRow store_file(store::Tx& tx, const FsiCaller& caller, const std::string& filename,
                             const std::string& origin, std::string bytes, std::chrono::system_clock::time_point now) {
  store::FsiFileRow row;
  row.file_qury_no = serial(caller.institution.admdvs, now);
  row.institution_code = caller.institution.code;
  row.filename = filename;
  row.origin = origin;
  row.content = std::move(bytes);
  row.created_at_us = store::to_epoch_us(now);
  row.expires_at_us = store::to_epoch_us(now + kFileLifetime);
  store::FsiFileRepo::insert(tx, row);
  return row;
}

core::Result<store::FsiFileRow> InstitutionFiles::upload(const FsiCaller& caller, const std::string& filename,
                                                         const std::string& bytes) {
  if (filename.empty()) return Error{Reason::FIELD_MISSING, "filename", "fsUploadIn.filename"};
  if (filename.size() > 200 || filename.find_first_of("/\\") != std::string::npos) {
    return Error{Reason::FIELD_INVALID, "文件名不能含路径，最长 200 字节", "fsUploadIn.filename"};
  }
  if (bytes.empty()) return Error{Reason::FSI_FILE_INVALID, "文件为空", "fsUploadIn.in"};
  if (bytes.size() > kMaxFileBytes) return Error{Reason::FSI_FILE_TOO_LARGE, std::to_string(bytes.size()), "fsUploadIn.in"};
  const auto now = ctx_.clock.now();
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<store::FsiFileRow> {
    // Expired files go when new ones come: the table never holds more than a few days' files.
    store::FsiFileRepo::purge_expired(tx, store::to_epoch_us(now));
    return store_file(tx, caller, filename, "upload", bytes, now);
  });
}

core::Result<store::FsiFileRow> InstitutionFiles::download(const FsiCaller& caller, const std::string& file_qury_no,
                                                           const std::string& filename) {
  const auto now = store::to_epoch_us(ctx_.clock.now());
  auto found = ctx_.db.read(
      [&](store::Tx& tx) { return store::FsiFileRepo::find(tx, caller.institution.code, file_qury_no, now); });
  if (!found || (!filename.empty() && found->filename != filename)) {
    return Error{Reason::FSI_FILE_NOT_FOUND, file_qury_no, "fsDownloadIn.file_qury_no"};
  }
  return *found;
}

}  // namespace yibao::services
