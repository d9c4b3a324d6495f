#include "store/store_url.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace yibao::store {

std::string_view backend_name(Backend backend) {
  return backend == Backend::sqlite ? "sqlite" : "postgresql";
}

std::string StoreLocation::redacted() const {
  if (backend == Backend::sqlite) return "sqlite:" + target;
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  const auto scheme_end = url.find("://");
  const auto at = url.find('@');
  if (scheme_end == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

namespace {

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

// libpq conninfo value: quoted, with \ and ' escaped.
std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] -> "host='..' port='..' ..."
// We convert instead of handing libpq the URI because SOCI rewrites some connection strings.
core::Result<std::string> postgres_conninfo(std::string_view url) {
  using core::Error;
  using core::Reason;
  const auto bad = [](std::string why) { return Error{Reason::FIELD_INVALID, "PostgreSQL 地址无效: " + why, "store.url"}; };
  std::string_view rest = url.substr(url.find("://") + 3);
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view path;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::string_view user = userinfo;
    if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      user = userinfo.substr(0, colon);
      auto password = percent_decode(userinfo.substr(colon + 1));
      if (!password) return bad("密码中的 % 编码不正确");
      params.emplace_back("password", *password);
    }
    auto decoded = percent_decode(user);
    if (!decoded) return bad("用户名中的 % 编码不正确");
    if (!decoded->empty()) params.emplace_back("user", *decoded);
  }
  // One host or several (postgresql://h1:5432,h2:5432/db): libpq takes the hosts and their
  // ports as two comma-separated lists of the same length, an empty port meaning the default.
  // With target_session_attrs=read-write it connects to whichever of them is the primary.
  if (!rest.empty()) {
    std::vector<std::string> hosts, ports;
    std::size_t start = 0;
    while (true) {
      const auto comma = rest.find(',', start);
      const std::string_view item =
          rest.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      std::string_view host = item, port;
      if (item.starts_with('[')) {  // [::1]:5432
        const auto close = item.find(']');
        if (close == std::string_view::npos) return bad("IPv6 地址缺少 ]");
        host = item.substr(1, close - 1);
        const auto after = item.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) return bad("IPv6 地址后应为 :端口");
        if (!after.empty()) port = after.substr(1);
        if (!after.empty() && port.empty()) return bad("端口须为数字");
      } else if (const auto colon = item.rfind(':'); colon != std::string_view::npos) {
        host = item.substr(0, colon);
        port = item.substr(colon + 1);
        if (port.empty()) return bad("端口须为数字");
      }
      if (port.find_first_not_of("0123456789") != std::string_view::npos) return bad("端口须为数字");
      auto decoded = percent_decode(host);
      if (!decoded) return bad("主机名中的 % 编码不正确");
      hosts.push_back(std::move(*decoded));
      ports.emplace_back(port);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    const bool several = hosts.size() > 1;
    const auto join = [](const std::vector<std::string>& items) {
      std::string out;
      for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ",") + items[i];
      return out;
    };
    if (several && std::any_of(hosts.begin(), hosts.end(), [](const auto& h) { return h.empty(); })) {
      return bad("多主机地址中有空的主机名");
    }
    if (std::any_of(ports.begin(), ports.end(), [](const auto& p) { return !p.empty(); })) {
      params.emplace_back("port", join(ports));
    }
    if (several || !hosts.front().empty()) params.emplace_back("host", join(hosts));
  }
  if (!path.empty()) {
    auto decoded = percent_decode(path);
    if (!decoded) return bad("数据库名中的 % 编码不正确");
    params.emplace_back("dbname", *decoded);
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) return bad("参数应为 key=value 形式");
    auto key = percent_decode(pair.substr(0, eq));
    auto value = percent_decode(pair.substr(eq + 1));
    if (!key || !value) return bad("参数中的 % 编码不正确");
    params.emplace_back(*key, *value);
  }
  std::string conninfo;
  for (const auto& [k, v] : params) conninfo += (conninfo.empty() ? "" : " ") + k + "=" + conninfo_value(v);
  return conninfo;
}

}  // namespace

core::Result<StoreLocation> parse_store_url(std::string_view url) {
  using core::Error;
  using core::Reason;
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // accept sqlite://path as well
    if (path.empty()) return Error{Reason::FIELD_INVALID, "sqlite: 后缺少数据库文件路径", "store.url"};
    return StoreLocation{Backend::sqlite, std::string(path), std::string(url)};
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    if (url.size() <= url.find("://") + 3) {
      return Error{Reason::FIELD_INVALID, "PostgreSQL 地址缺少主机或数据库名", "store.url"};
    }
    auto conninfo = postgres_conninfo(url);
    if (!conninfo) return conninfo.error();
    return StoreLocation{Backend::postgresql, std::move(*conninfo), std::string(url)};
  }
  return Error{Reason::FIELD_INVALID, "存储地址应以 sqlite: 或 postgresql:// 开头", "store.url"};
}

}  // namespace yibao::store
