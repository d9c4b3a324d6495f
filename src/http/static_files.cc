#include "http/static_files.h"

#include <fstream>
#include <sstream>

namespace yibao::http {
namespace {

constexpr std::string_view kPlaceholder = R"(<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>医保服务平台 · yibao</title>
<style>
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0;
         background: #f5f7fa; color: #1f2d3d; font-size: 18px; line-height: 1.6; }
  main { max-width: 560px; margin: 0 auto; padding: 32px 20px; }
  h1 { font-size: 26px; margin: 0 0 12px; color: #1677ff; }
  .card { background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 2px 8px rgba(0,0,0,.06); }
  code { background: #eef2f7; padding: 2px 6px; border-radius: 4px; }
</style>
</head>
<body>
<main>
  <h1>医保服务平台</h1>
  <div class="card">
    <p>服务已启动，运行正常。</p>
    <p>手机端应用正在建设中。目前可以通过接口使用平台：</p>
    <ul>
      <li>服务状态：<a href="/healthz"><code>/healthz</code></a>、<a href="/readyz"><code>/readyz</code></a></li>
      <li>运行指标：<a href="/metrics"><code>/metrics</code></a></li>
    </ul>
  </div>
</main>
</body>
</html>
)";

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

std::string etag_for(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  const auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  std::ostringstream tag;
  tag << "W/\"" << std::hex << size << "-" << mtime << "\"";
  return tag.str();
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::string_view StaticFiles::content_type_for(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".yaml" || ext == ".yml") return "application/yaml; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::filesystem::path> StaticFiles::resolve(const std::string& url_path) const {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (url_path.find('\0') != std::string::npos || url_path.find('\\') != std::string::npos) return std::nullopt;
  std::filesystem::path relative;
  std::size_t start = 1;
  while (start <= url_path.size()) {
    auto end = url_path.find('/', start);
    if (end == std::string::npos) end = url_path.size();
    const std::string segment = url_path.substr(start, end - start);
    if (segment == "..") return std::nullopt;
    if (!segment.empty() && segment != ".") relative /= segment;
    start = end + 1;
  }
  std::filesystem::path candidate = root_ / relative;
  std::error_code ec;
  if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
  if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
  // Symlinks inside the build output must not lead outside it.
  const auto canonical_root = std::filesystem::weakly_canonical(root_, ec);
  const auto canonical_file = std::filesystem::weakly_canonical(candidate, ec);
  if (ec) return std::nullopt;
  const auto [root_end, _] = std::mismatch(canonical_root.begin(), canonical_root.end(), canonical_file.begin(),
                                           canonical_file.end());
  if (root_end != canonical_root.end()) return std::nullopt;
  return canonical_file;
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  const auto file = resolve(request.path);
  if (!file) {
    std::error_code ec;
    const bool built = std::filesystem::is_regular_file(root_ / "index.html", ec);
    if (!built && (request.path == "/" || request.path == "/index.html")) {
      Response r = Response::text(200, std::string(kPlaceholder), "text/html; charset=utf-8");
      r.headers.emplace_back("Cache-Control", "no-cache");
      return r;
    }
    return std::nullopt;
  }
  const std::string etag = etag_for(*file);
  std::string cache = "public, max-age=3600";
  const std::string type(content_type_for(*file));
  if (type.starts_with("text/html")) {
    cache = "no-cache";
  } else if (request.path.starts_with("/assets/") || request.path.find("/assets/") != std::string::npos) {
    cache = "public, max-age=31536000, immutable";
  }
  if (request.header("If-None-Match") == etag) {
    Response r = Response::text(304, "", type);
    r.headers.emplace_back("ETag", etag);
    r.headers.emplace_back("Cache-Control", cache);
    return r;
  }
  auto body = read_file(*file);
  if (!body) return std::nullopt;
  Response r = Response::text(200, std::move(*body), type);
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", cache);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace yibao::http
