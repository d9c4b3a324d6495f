#include "http/api/docs_routes.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "http/static_files.h"

namespace yibao::http::api {
namespace {

// A single plain file name: letters, digits, '.', '-', '_', and no leading dot (so neither
// "..", "." nor hidden files). Anything else is refused before the file system is touched.
bool plain_file_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
  });
}

Response not_found(const Request& request) {
  return error_response(core::Error{core::Reason::NOT_FOUND}, request.request_id);
}

struct DocsFiles {
  std::filesystem::path dir;
  StaticFiles files;
};

// Serves `file` of the docs directory through StaticFiles (content type, ETag, 304, and its
// own refusal of paths that leave the root). The existence check comes first: StaticFiles
// would answer a missing index.html with the web app's placeholder page.
Response serve_file(const DocsFiles& docs, const Request& request, const std::string& file) {
  if (!plain_file_name(file)) return not_found(request);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(docs.dir / file, ec)) return not_found(request);
  Request inner;
  inner.method = request.method;
  inner.path = "/" + file;
  inner.headers = request.headers;
  inner.request_id = request.request_id;
  auto response = docs.files.serve(inner);
  if (!response) return not_found(request);
  return std::move(*response);
}

void set_header(Response& response, const std::string& name, std::string value) {
  for (auto& [key, existing] : response.headers) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  response.headers.emplace_back(name, std::move(value));
}

}  // namespace

void add_docs_routes(Router& router, const std::filesystem::path& docs_dir) {
  auto files = std::make_shared<const DocsFiles>(DocsFiles{docs_dir, StaticFiles(docs_dir)});

  router.get("/api/openapi.yaml", [files](Request& request) {
    Response response = serve_file(*files, request, "openapi.yaml");
    if (response.status == 200 || response.status == 304) {
      response.content_type = "application/yaml; charset=utf-8";
      set_header(response, "Cache-Control", "no-cache");  // the document changes with every deploy
    }
    return response;
  });

  router.get("/api/docs", [files](Request& request) { return serve_file(*files, request, "index.html"); });

  router.get("/api/docs/{file}", [files](Request& request) {
    return serve_file(*files, request, request.path_param("file"));
  });
}

}  // namespace yibao::http::api
