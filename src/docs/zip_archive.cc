#include "docs/zip_archive.h"

#include <memory>

#include <zip.h>

namespace yibao::docs {
namespace {

using core::Error;
using core::Reason;

struct ArchiveCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

Error invalid(const std::string& why) { return Error{Reason::FSI_FILE_INVALID, why, "file"}; }

}  // namespace

core::Result<std::vector<ZipEntry>> read_zip(const std::string& bytes, std::size_t max_uncompressed) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return invalid("无法读取文件");
  std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return invalid("不是有效的 zip 文件");
  }
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  std::size_t total = 0;
  std::vector<ZipEntry> out;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
      return invalid("zip 文件已损坏");
    }
    if (st.valid & ZIP_STAT_ENCRYPTION_METHOD && st.encryption_method != ZIP_EM_NONE) return invalid("不支持加密的 zip 文件");
    const std::string name = st.valid & ZIP_STAT_NAME ? st.name : "";
    if (name.empty() || name.back() == '/') continue;  // directories
    if (st.size > max_uncompressed || total + st.size > max_uncompressed) return invalid("解压后的内容超过大小限制");
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0));
    if (!file) return invalid("zip 文件已损坏");
    std::string content(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t read = zip_fread(file.get(), content.data(), st.size);
    // The stated size is what the header claims; a stream that yields another amount is damaged.
    if (read < 0 || static_cast<zip_uint64_t>(read) != st.size) return invalid("zip 文件已损坏");
    char extra = 0;
    if (zip_fread(file.get(), &extra, 1) != 0) return invalid("zip 文件已损坏");
    total += content.size();
    out.push_back({name, std::move(content)});
  }
  return out;
}

core::Result<std::string> write_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (target == nullptr) return Error{Reason::INTERNAL_ERROR, "zip"};
  zip_source_keep(target);  // read back after zip_close
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(target);
    return Error{Reason::INTERNAL_ERROR, "zip"};
  }
  for (const auto& e : entries) {
    zip_source_t* content = zip_source_buffer(archive, e.content.data(), e.content.size(), 0);
    if (content == nullptr || zip_file_add(archive, e.name.c_str(), content, ZIP_FL_ENC_UTF_8) < 0) {
      if (content != nullptr) zip_source_free(content);
      zip_discard(archive);
      zip_source_free(target);
      return Error{Reason::INTERNAL_ERROR, "zip"};
    }
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(target);
    return Error{Reason::INTERNAL_ERROR, "zip"};
  }
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(target, &st) == 0 && zip_source_open(target) == 0) {
    out.resize(static_cast<std::size_t>(st.size));
    const zip_int64_t read = zip_source_read(target, out.data(), st.size);
    zip_source_close(target);
    if (read < 0) out.clear();
    else out.resize(static_cast<std::size_t>(read));
  }
  zip_source_free(target);
  if (out.empty()) return Error{Reason::INTERNAL_ERROR, "zip"};
  return out;
}

}  // namespace yibao::docs
