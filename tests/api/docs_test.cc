// The API reference routes (GET /api/openapi.yaml, /api/docs, /api/docs/{file}), exercised
// in-process through the Router against the directory the api_docs build target assembles.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/beast/http/fields.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/reasons.h"
#include "http/api/docs_routes.h"
#include "http/router.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

std::string header_of(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

class DocsRoutes : public ::testing::Test {
 protected:
  void SetUp() override { http::api::add_docs_routes(router_, YIBAO_DEFAULT_API_DOCS_DIR); }

  // What the server does: match, copy the path parameters, run the handler.
  Response get(const std::string& path, const boost::beast::http::fields* headers = nullptr) {
    auto match = router_.match("GET", path);
    EXPECT_NE(match.route, nullptr) << path;
    if (match.route == nullptr) return Response{};
    Request request;
    request.method = "GET";
    request.path = path;
    request.headers = headers;
    request.path_params = match.params;
    request.request_id = "docs-test";
    return match.route->handler(request);
  }

  static void expect_not_found(const Response& response) {
    EXPECT_EQ(response.status, 404u);
    EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
    const auto body = json::parse(response.body).as_object();
    EXPECT_EQ(body.at("error").at("code").as_string(), "NOT_FOUND");
    EXPECT_EQ(body.at("error").at("request_id").as_string(), "docs-test");
  }

  http::Router router_;
};

TEST_F(DocsRoutes, ServesTheOpenApiDocument) {
  const auto response = get("/api/openapi.yaml");
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(response.content_type, "application/yaml; charset=utf-8");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-cache");
  EXPECT_NE(response.body.find("openapi: 3.0.3"), std::string::npos);
  EXPECT_NE(response.body.find("/api/v1/credential/activate"), std::string::npos);
  EXPECT_NE(response.body.find("/localcfc/api/hsecfc/localQrCodeQuery"), std::string::npos);
  // The build copies the document: what is served is what is in the repository.
  EXPECT_EQ(response.body, read_text(std::filesystem::path(YIBAO_SOURCE_DIR) / "docs/api/openapi.yaml"))
      << "rebuild the api_docs target";
}

TEST_F(DocsRoutes, AnswersRevalidationWithNotModified) {
  const auto first = get("/api/openapi.yaml");
  const std::string etag = header_of(first, "ETag");
  ASSERT_FALSE(etag.empty());
  boost::beast::http::fields headers;
  headers.set("If-None-Match", etag);
  const auto again = get("/api/openapi.yaml", &headers);
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(header_of(again, "Cache-Control"), "no-cache");
}

TEST_F(DocsRoutes, ServesSwaggerUiFromOurOwnOrigin) {
  for (const std::string path : {"/api/docs", "/api/docs/", "/api/docs/index.html"}) {
    const auto page = get(path);
    ASSERT_EQ(page.status, 200u) << path;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(header_of(page, "Cache-Control"), "no-cache");
    EXPECT_NE(page.body.find("swagger-ui"), std::string::npos);
    EXPECT_NE(page.body.find("医保服务平台 API 文档"), std::string::npos);
    EXPECT_NE(page.body.find("/api/openapi.yaml"), std::string::npos);
    EXPECT_EQ(page.body.find("https://"), std::string::npos) << "no CDN";
  }

  const auto bundle = get("/api/docs/swagger-ui-bundle.js");
  ASSERT_EQ(bundle.status, 200u);
  EXPECT_EQ(bundle.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(bundle.body.find("SwaggerUIBundle"), std::string::npos);

  const auto css = get("/api/docs/swagger-ui.css");
  ASSERT_EQ(css.status, 200u);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");

  EXPECT_EQ(get("/api/docs/swagger-ui-standalone-preset.js").status, 200u);
  EXPECT_EQ(get("/api/docs/openapi.yaml").status, 200u);
}

TEST_F(DocsRoutes, RefusesUnknownFilesAndEscapes) {
  expect_not_found(get("/api/docs/no-such-file.js"));
  expect_not_found(get("/api/docs/.hidden"));
  expect_not_found(get("/api/docs/%2e%2e"));

  // A path with more segments matches no docs route at all: the server answers its JSON 404.
  EXPECT_EQ(router_.match("GET", "/api/docs/../../etc/passwd").route, nullptr);
  EXPECT_EQ(router_.match("GET", "/api/docs/a/b").route, nullptr);

  // Names that only a hand-built request could carry are refused before the file system is touched.
  auto match = router_.match("GET", "/api/docs/x");
  ASSERT_NE(match.route, nullptr);
  for (const std::string name : {"..", ".", "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "a\\b", "",
                                 "/etc/passwd"}) {
    Request request;
    request.method = "GET";
    request.path = "/api/docs/" + name;
    request.path_params["file"] = name;
    request.request_id = "docs-test";
    expect_not_found(match.route->handler(request));
  }
}

// Every reason of src/core/reasons.inc is in the ReasonCode enum (add it there with a new reason).
TEST(DocsOpenApi, ListsEveryReasonCode) {
  const std::string document = read_text(std::filesystem::path(YIBAO_SOURCE_DIR) / "docs/api/openapi.yaml");
  ASSERT_FALSE(document.empty());
  for (const auto& reason : core::all_reasons()) {
    EXPECT_NE(document.find("        - " + std::string(reason.code) + "\n"), std::string::npos)
        << reason.code << " is missing from components.schemas.ReasonCode in docs/api/openapi.yaml (run node scripts/sync-reason-docs.mjs)";
  }
}

TEST(DocsRoutesMissingDirectory, AnswersNotFound) {
  http::Router router;
  http::api::add_docs_routes(router, std::filesystem::path(YIBAO_TEST_TMP_DIR) / "no-such-api-docs");
  for (const std::string path : {"/api/openapi.yaml", "/api/docs"}) {
    auto match = router.match("GET", path);
    ASSERT_NE(match.route, nullptr);
    Request request;
    request.method = "GET";
    request.path = path;
    request.request_id = "docs-test";
    const auto response = match.route->handler(request);
    EXPECT_EQ(response.status, 404u) << path;
    EXPECT_NE(response.body.find("NOT_FOUND"), std::string::npos);
  }
}

}  // namespace
}  // namespace yibao::testing
