#pragma once
// Serves the built web app (web/dist) with correct content types and cache headers:
//   - index.html and other HTML: "no-cache" (always revalidate, so a deploy shows at once);
//   - files under assets/ (Vite puts a content hash in their names): cached for a year, immutable;
//   - anything else: one hour.
// Every response carries an ETag; If-None-Match answers 304. Paths that try to leave the root
// (.., encoded slashes, NUL) are refused as not found. Until the web app is built, "/" shows a
// placeholder page so `make run` has something to open.

#include <filesystem>
#include <optional>
#include <string>

#include "http/message.h"

namespace yibao::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // The response for GET/HEAD `request`, or nullopt when no file answers it.
  std::optional<Response> serve(const Request& request) const;

  static std::string_view content_type_for(const std::filesystem::path& file);

 private:
  std::optional<std::filesystem::path> resolve(const std::string& url_path) const;
  std::filesystem::path root_;
};

}  // namespace yibao::http
