#include "store/fsi_file_repo.h"

#include <sodium.h>

namespace yibao::store {
namespace {

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("fsi_files: stored content is not base64");
  }
  out.resize(len);
  return out;
}

}  // namespace

void FsiFileRepo::insert(Tx& tx, const FsiFileRow& row) {
  const long long created = row.created_at_us, expires = row.expires_at_us,
                  size = static_cast<long long>(row.content.size());
  const std::string content = to_base64(row.content);
  tx.run("INSERT INTO fsi_files (file_qury_no, institution_code, filename, origin, content_base64, size_bytes,"
         " created_at_us, expires_at_us) VALUES (:q, :i, :f, :o, :c, :s, :t, :e)",
         soci::use(row.file_qury_no), soci::use(row.institution_code), soci::use(row.filename), soci::use(row.origin),
         soci::use(content), soci::use(size), soci::use(created), soci::use(expires));
}

std::optional<FsiFileRow> FsiFileRepo::find(Tx& tx, const std::string& institution_code, const std::string& file_qury_no,
                                            std::int64_t now_us) {
  FsiFileRow row;
  std::string content;
  long long created = 0, expires = 0;
  const long long now = now_us;
  if (!tx.run("SELECT file_qury_no, institution_code, filename, origin, content_base64, created_at_us, expires_at_us"
              " FROM fsi_files WHERE file_qury_no = :q AND institution_code = :i AND expires_at_us > :n",
              soci::use(file_qury_no), soci::use(institution_code), soci::use(now), soci::into(row.file_qury_no),
              soci::into(row.institution_code), soci::into(row.filename), soci::into(row.origin), soci::into(content),
              soci::into(created), soci::into(expires))) {
    return std::nullopt;
  }
  row.content = from_base64(content);
  row.created_at_us = created;
  row.expires_at_us = expires;
  return row;
}

long long FsiFileRepo::purge_expired(Tx& tx, std::int64_t now_us) {
  const long long now = now_us;
  return tx.execute("DELETE FROM fsi_files WHERE expires_at_us <= :n", soci::use(now));
}

}  // namespace yibao::store
