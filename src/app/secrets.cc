#include "app/secrets.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <sodium.h>
#include <toml++/toml.h>

namespace yibao::app {
namespace {

using core::Error;
using core::Reason;

struct Entry {
  const char* name;
  Key32 Secrets::*field;
};
constexpr Entry kEntries[] = {{"code_mac_key", &Secrets::code_mac_key}, {"session_pepper", &Secrets::session_pepper}};

std::string to_hex(const Key32& key) {
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  return hex;
}

bool from_hex(const std::string& text, Key32& key) {
  std::size_t len = 0;
  if (text.size() != 64) return false;
  return sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, nullptr) == 0 &&
         len == key.size();
}

}  // namespace

core::Result<Secrets> load_or_create_secrets(const std::string& data_dir,
                                             const std::map<std::string, std::string>& environment) {
  if (sodium_init() < 0) return Error{Reason::INTERNAL_ERROR, "libsodium 初始化失败"};
  const std::filesystem::path path = std::filesystem::path(data_dir) / "secrets.toml";
  Secrets secrets;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::filesystem::create_directories(path.parent_path(), ec);
    for (const auto& entry : kEntries) randombytes_buf((secrets.*entry.field).data(), 32);
    const auto tmp = path.string() + ".tmp";
    {
      // Created 0600 from the start: the keys never sit in a world-readable file.
      const auto old_mask = ::umask(077);
      std::ofstream out(tmp, std::ios::trunc);
      ::umask(old_mask);
      if (!out) return Error{Reason::INTERNAL_ERROR, "无法写入密钥文件 " + tmp};
      out << "# yibao local secrets, generated on first start. Never commit this file.\n";
      for (const auto& entry : kEntries) out << entry.name << " = \"" << to_hex(secrets.*entry.field) << "\"\n";
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error{Reason::INTERNAL_ERROR, "无法写入密钥文件 " + path.string() + ": " + ec.message()};
  } else {
    toml::table parsed;
    try {
      parsed = toml::parse_file(path.string());
    } catch (const toml::parse_error& err) {
      return Error{Reason::FIELD_INVALID, path.string() + ": " + std::string(err.description())};
    }
    for (const auto& entry : kEntries) {
      const auto value = parsed[entry.name].value<std::string>();
      if (!value || !from_hex(*value, secrets.*entry.field)) {
        return Error{Reason::FIELD_INVALID, path.string() + ": " + entry.name + " 须为 64 位十六进制字符串"};
      }
    }
  }
  for (const auto& entry : kEntries) {
    std::string env = "YIBAO_SECRET_";
    for (const char* c = entry.name; *c != '\0'; ++c) env += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
    if (auto it = environment.find(env); it != environment.end()) {
      if (!from_hex(it->second, secrets.*entry.field)) {
        return Error{Reason::FIELD_INVALID, "环境变量 " + env + " 须为 64 位十六进制字符串"};
      }
    }
  }
  return secrets;
}

}  // namespace yibao::app
