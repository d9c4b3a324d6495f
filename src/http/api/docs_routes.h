#pragma once
// The API reference: GET /api/openapi.yaml (the OpenAPI 3.0.3 document, docs/api/openapi.yaml)
// and GET /api/docs (Swagger UI) with its assets at GET /api/docs/{file}. Everything is read
// from `docs_dir`, which the api_docs build target fills (YIBAO_DEFAULT_API_DOCS_DIR): the
// Swagger UI files come from npm swagger-ui-dist and are served from our own origin, never a CDN.
// Files are read on each request (on the worker pool), so a rebuilt document shows at once.
// Unknown files, names that try to leave the directory, and a directory that has not been
// built yet answer the JSON NOT_FOUND error.

#include <filesystem>

#include "http/router.h"

namespace yibao::http::api {

void add_docs_routes(Router& router, const std::filesystem::path& docs_dir);

}  // namespace yibao::http::api
