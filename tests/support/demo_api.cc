#include "support/demo_api.h"

#include <cstdio>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "store/pool.h"

namespace yibao::testing {

namespace json = boost::json;

std::unique_ptr<DemoApi> DemoApi::start(store::Backend backend, const std::vector<std::string>& extra_args) {
  auto api = std::unique_ptr<DemoApi>(new DemoApi());
  api->database_ = std::make_unique<ScratchDatabase>(backend);
  api->data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
  auto world = seed_demo_world(api->database_->url(), api->data_dir_);
  if (!world) return nullptr;
  api->people_ = world->people;
  api->secrets_ = world->institution_secrets;
  auto args = demo_server_args(api->data_dir_);
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  api->server_ = std::make_unique<ServerProcess>(api->database_->url(), args);
  return api;
}

std::string DemoApi::next_msgid(const std::string& institution) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", ++seq_ % 10000);
  return institution + "20261123150000" + buf;
}

FsiAnswer DemoApi::fsi(const std::string& institution, const std::string& infno, const std::string& input,
                       const std::string& msgid, const std::string& area, const std::string& insuplc) {
  const std::string id = msgid.empty() ? next_msgid(institution) : msgid;
  const std::string body = his_envelope(institution, infno, id, input, area, insuplc);
  return fsi_answer(signed_tif_post(port(), "/fsi/api/callService", body, institution, secrets_[institution]));
}

HttpResponse DemoApi::signed_post(const std::string& institution, const std::string& target, const std::string& body) {
  return signed_tif_post(port(), target, body, institution, secrets_[institution]);
}

HttpResponse DemoApi::send(const std::string& method, const std::string& target, const std::string& body,
                           const std::string& token, const std::string& content_type) {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.headers = {{"X-Channel", "app"}};
  if (!body.empty() || method == "POST" || method == "PUT") r.headers["Content-Type"] = content_type;
  if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
  return http_call(port(), r);
}

std::string DemoApi::citizen_token(const std::string& phone) {
  auto a = send("POST", "/api/v1/sessions", R"({"method":"account","phone":")" + phone + R"(","password":"Demo2026yb"})");
  EXPECT_EQ(a.status, 201u) << a.body;
  return a.status == 201u ? std::string(json::parse(a.body).at("token").as_string()) : "";
}

std::string DemoApi::staff_token(const std::string& username) {
  auto a = send("POST", "/api/agency/v1/sessions", R"({"username":")" + username + R"(","password":"Agent2026demo"})");
  EXPECT_EQ(a.status, 201u) << a.body;
  return a.status == 201u ? std::string(json::parse(a.body).at("token").as_string()) : "";
}

long long DemoApi::count(const std::string& sql) {
  store::PoolOptions options;
  options.url = database_->url();
  options.size = 1;
  auto pool = store::Pool::open(options);
  store::Database db(*pool);
  return db.read([&](store::Tx& tx) {
    long long n = 0;
    tx.run(sql, soci::into(n));
    return n;
  });
}

std::string error_code_of(const HttpResponse& response) {
  return std::string(json::parse(response.body).at("error").at("code").as_string());
}

}  // namespace yibao::testing
