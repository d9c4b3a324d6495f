// The credential, the code and the institution decode over real HTTP against the demo world:
// log in, fetch the code as a PNG, read it back with zbarimg, decode it as a hospital.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/institution_auth.h"
#include "store/institution_repo.h"
#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

class CredentialApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(store::Backend::sqlite);
    data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
    ASSERT_TRUE(seed_demo_world(database_->url(), data_dir_));
    server_ = new ServerProcess(database_->url(), demo_server_args(data_dir_));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }
  static unsigned short port() { return server_->port(); }

  static HttpResponse post(const std::string& target, const std::string& body, const std::string& token = "",
                           std::map<std::string, std::string> headers = {}) {
    HttpRequest req;
    req.method = "POST";
    req.target = target;
    req.body = body;
    req.headers = std::move(headers);
    req.headers["X-Channel"] = "app";
    req.headers["Content-Type"] = "application/json";
    if (!token.empty()) req.headers["Authorization"] = "Bearer " + token;
    return http_call(port(), req);
  }
  static HttpResponse get(const std::string& target, const std::string& token) {
    HttpRequest req;
    req.target = target;
    req.headers["Authorization"] = "Bearer " + token;
    return http_call(port(), req);
  }
  static std::string error_code(const HttpResponse& r) {
    auto v = json::parse(r.body);
    return std::string(v.at("error").at("code").as_string());
  }
  static std::string login(const std::string& phone) {
    auto r = post("/api/v1/sessions", R"({"method":"account","phone":")" + phone + R"(","password":"Demo2026yb"})");
    EXPECT_EQ(r.status, 201u) << r.body;
    return std::string(json::parse(r.body).at("token").as_string());
  }
  static std::string institution_secret(const std::string& code) {
    store::PoolOptions options;
    options.url = database_->url();
    options.size = 1;
    auto pool = store::Pool::open(options);
    store::Database db(*pool);
    return db.read([&](store::Tx& tx) { return store::InstitutionRepo::find(tx, code)->secret; });
  }
  // POSTs an ec.query decode signed as `institution`.
  static HttpResponse decode(const std::string& token, const std::string& business_type, const std::string& institution = "H11010500001",
                             std::string n = "") {
    static int nonce = 0;
    const std::string ts = std::to_string(std::time(nullptr));
    if (n.empty()) n = "test-nonce-" + std::to_string(++nonce) + "-" + unique_name("n");
    json::object body{{"orgId", institution},
                      {"transType", "ec.query"},
                      {"data", json::object{{"ecQrCode", token},
                                            {"businessType", business_type},
                                            {"operatorId", "D001"},
                                            {"operatorName", "王医生"},
                                            {"officeId", "K01"},
                                            {"officeName", "门诊"},
                                            {"deviceType", "Scanner"}}}};
    return post("/localcfc/api/hsecfc/localQrCodeQuery", json::serialize(body), "",
                {{"x-tif-paasid", institution},
                 {"x-tif-timestamp", ts},
                 {"x-tif-nonce", n},
                 {"x-tif-signature", services::tif_signature(ts, institution_secret(institution), n)}});
  }

  static inline ScratchDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string data_dir_;
};

TEST_F(CredentialApi, AQrCodeReadBackFromItsPngDecodesToThePerson) {
  const std::string token = login("13800000001");
  auto code = post("/api/v1/me/code", "{}", token);
  ASSERT_EQ(code.status, 201u) << code.body;
  const std::string qr(json::parse(code.body).at("token").as_string());
  EXPECT_NE(std::string(json::parse(code.body).at("svg").as_string()).find("<svg"), std::string::npos);

  auto png = get("/api/v1/me/code.png?token=" + qr, token);
  ASSERT_EQ(png.status, 200u) << png.body;
  EXPECT_EQ(png.header("content-type"), "image/png");
  const std::string file = data_dir_ + "/code.png";
  std::ofstream(file, std::ios::binary) << png.body;
  std::string scanned;
  if (FILE* pipe = ::popen(("zbarimg --raw -q " + file + " 2>/dev/null").c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) scanned += buf;
    ::pclose(pipe);
  }
  while (!scanned.empty() && (scanned.back() == '\n' || scanned.back() == '\r')) scanned.pop_back();
  ASSERT_EQ(scanned, qr) << "zbarimg must read back exactly the token";

  auto decoded = decode(scanned, "01301");
  ASSERT_EQ(decoded.status, 200u) << decoded.body;
  auto wrapper = json::parse(decoded.body).as_object();
  ASSERT_EQ(wrapper.at("code").as_int64(), 0) << decoded.body;
  auto data = json::parse(wrapper.at("data").as_string()).as_object();  // double-encoded
  EXPECT_EQ(data.at("userName").as_string(), "张建国");
  EXPECT_EQ(data.at("insuOrg").as_string(), "110105");
  EXPECT_EQ(data.at("ecToken").as_string().size(), 40u);

  // Spent by the settlement decode; tampered; the person sees who scanned.
  auto again = json::parse(decode(scanned, "01301").body).as_object();
  EXPECT_EQ(again.at("code").as_int64(), -1);
  EXPECT_EQ(again.at("err_code").as_string(), "QR_CONSUMED");
  std::string tampered = scanned;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  EXPECT_EQ(json::parse(decode(tampered, "01101").body).at("err_code").as_string(), "QR_TAMPERED");
  auto seen = json::parse(get("/api/v1/me/decodes", token).body).at("items").as_array();
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[0].at("outcome").as_string(), "QR_CONSUMED");
}

TEST_F(CredentialApi, InstitutionsMustSignAndNeverReplay) {
  auto unsigned_call = post("/localcfc/api/hsecfc/localQrCodeQuery", R"({"transType":"ec.query","data":{}})");
  EXPECT_EQ(unsigned_call.status, 401u);
  EXPECT_EQ(json::parse(unsigned_call.body).at("err_code").as_string(), "INSTITUTION_AUTH_FAILED");

  // A decode spends its nonce in its own transaction, a refused one on its own: neither replays.
  const std::string session = login("13800000001");
  auto code = post("/api/v1/me/code", "{}", session);
  ASSERT_EQ(code.status, 201u) << code.body;
  const std::string qr(json::parse(code.body).at("token").as_string());
  for (const bool valid : {true, false}) {
    const std::string nonce = unique_name("decode-once");
    const std::string token = valid ? qr : "not-a-code";
    const auto first = decode(token, "01301", "H11010500001", nonce);
    const auto again = decode(token, "01301", "H11010500001", nonce);
    EXPECT_EQ(json::parse(first.body).at("code").as_int64(), valid ? 0 : -1) << first.body;
    EXPECT_EQ(again.status, 401u) << again.body;
    EXPECT_EQ(json::parse(again.body).at("err_code").as_string(), "INSTITUTION_NONCE_REUSED") << again.body;
  }
}

TEST_F(CredentialApi, MeShowsAMaskedProfileAndTheFrozenReason) {
  auto me = json::parse(get("/api/v1/me", login("13800000001")).body).as_object();
  EXPECT_EQ(me.at("name").as_string(), "张建国");
  EXPECT_NE(std::string(me.at("id_number").as_string()).find("***********"), std::string::npos);
  EXPECT_EQ(me.at("credential").at("state").as_string(), "active");

  auto frozen = post("/api/v1/sessions", R"({"method":"account","phone":"13800000004","password":"Demo2026yb"})");
  EXPECT_EQ(frozen.status, 403u);
  EXPECT_EQ(error_code(frozen), "CREDENTIAL_FROZEN");
}

TEST_F(CredentialApi, ThePersonalAccountShowsBothBalancesAndTheLedger) {
  auto account = json::parse(get("/api/v1/me/account?which=prior", login("13800000001")).body).as_object();
  EXPECT_TRUE(account.at("has_account").as_bool());
  EXPECT_EQ(account.at("prior").as_string(), "5680.00");
  EXPECT_EQ(account.at("prior_fen").as_int64(), 568000);
  EXPECT_EQ(account.at("current").as_string(), "360.00");
  ASSERT_EQ(account.at("entries").as_array().size(), 1u);
  EXPECT_EQ(account.at("entries").as_array()[0].at("amount").as_string(), "5680.00");
}

TEST_F(CredentialApi, StaffLogoutEndsTheSessionOnTheServer) {
  auto agent = post("/api/agency/v1/sessions", R"({"username":"sh_agent","password":"Agent2026demo"})");
  const std::string staff(json::parse(agent.body).at("token").as_string());
  EXPECT_EQ(get("/api/agency/v1/me", staff).status, 200u);
  HttpRequest logout;
  logout.method = "DELETE";
  logout.target = "/api/agency/v1/sessions/current";
  logout.headers["Authorization"] = "Bearer " + staff;
  EXPECT_EQ(http_call(port(), logout).status, 200u);
  auto after = get("/api/agency/v1/me", staff);
  EXPECT_EQ(after.status, 401u);
  EXPECT_EQ(error_code(after), "SESSION_EXPIRED");
}

TEST_F(CredentialApi, AgencyRunsTheMonthlyCreditOnceAndTheAuditStaysClean) {
  auto agent = post("/api/agency/v1/sessions", R"({"username":"bj_agent","password":"Agent2026demo"})");
  const std::string staff(json::parse(agent.body).at("token").as_string());
  auto first = json::parse(post("/api/agency/v1/jobs/monthly-credit", R"({"month":"2026-12"})", staff).body).as_object();
  EXPECT_EQ(first.at("posted").as_int64(), 1) << "张建国 is the only employee in Beijing";
  auto second = json::parse(post("/api/agency/v1/jobs/monthly-credit", R"({"month":"2026-12"})", staff).body).as_object();
  EXPECT_EQ(second.at("posted").as_int64(), 0);
  EXPECT_EQ(second.at("already_posted").as_int64(), 1);
  auto audit = json::parse(get("/api/agency/v1/ledger/audit", staff).body).as_object();
  EXPECT_TRUE(audit.at("clean").as_bool());
  auto cli = run_yibao({"audit", "--store", database_->url(), "--data-dir", data_dir_});
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
}

TEST_F(CredentialApi, MutualAidInABeijingLikeRegionNeedsFilingAndWaits30Days) {
  const std::string token = login("13800000001");
  // 李秀英's ID number, from the agency view (the citizen API masks it).
  auto agent = post("/api/agency/v1/sessions", R"({"username":"bj_agent","password":"Agent2026demo"})");
  const std::string staff(json::parse(agent.body).at("token").as_string());
  auto found = json::parse(get("/api/agency/v1/persons?name=%E6%9D%8E%E7%A7%80%E8%8B%B1", staff).body);
  const std::string wife_id(found.at("items").as_array()[0].at("id_number").as_string());
  const std::string body = json::serialize(json::object{{"id_number", wife_id}, {"name", "李秀英"}, {"relation", "spouse"}});

  auto check = json::parse(post("/api/v1/me/mutual-aid/check", body, token).body).as_object();
  EXPECT_FALSE(check.at("allowed").as_bool());
  EXPECT_EQ(check.at("blockers").as_array()[0].at("code").as_string(), "MUTUAL_AID_FILING_REQUIRED");
  auto refused = post("/api/v1/me/mutual-aid", body, token);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(error_code(refused), "MUTUAL_AID_FILING_REQUIRED");
  EXPECT_EQ(post("/api/v1/me/mutual-aid/filings", body, token).status, 201u);
  auto created = post("/api/v1/me/mutual-aid", body, token);
  ASSERT_EQ(created.status, 201u) << created.body;
  auto list = json::parse(get("/api/v1/me/mutual-aid", token).body).as_object();
  auto mine = list.at("as_authoriser").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("status_label").as_string(), "等待生效") << "Beijing-like policy: 30 waiting days";
  EXPECT_EQ(mine[0].at("counterpart_name").as_string(), "李*英");
}

TEST_F(CredentialApi, PayingAParentsContributionInCashGivesAPrintableReceipt) {
  const std::string token = login("13800000001");
  auto agent = post("/api/agency/v1/sessions", R"({"username":"bj_agent","password":"Agent2026demo"})");
  const std::string staff(json::parse(agent.body).at("token").as_string());
  auto found = json::parse(get("/api/agency/v1/persons?name=%E5%BC%A0%E5%BE%B7%E7%A6%8F", staff).body);
  const std::string father_id(found.at("items").as_array()[0].at("id_number").as_string());
  const std::string body = json::serialize(
      json::object{{"id_number", father_id}, {"name", "张德福"}, {"year", "2027"}, {"pay_from", "cash"}});
  auto paid = post("/api/v1/me/contributions", body, token);
  ASSERT_EQ(paid.status, 201u) << paid.body;
  auto receipt = json::parse(paid.body).as_object();
  EXPECT_EQ(receipt.at("amount").as_string(), "400.00");
  EXPECT_EQ(error_code(post("/api/v1/me/contributions", body, token)), "CONTRIBUTION_ALREADY_PAID");

  auto pdf = get(std::string(receipt.at("receipt_url").as_string()), token);
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  const std::string file = data_dir_ + "/receipt.pdf";
  std::ofstream(file, std::ios::binary) << pdf.body;
  std::string text;
  if (FILE* pipe = ::popen(("pdftotext -layout " + file + " - 2>/dev/null").c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) text += buf;
    ::pclose(pipe);
  }
  EXPECT_NE(text.find("张德福"), std::string::npos) << text;
  EXPECT_NE(text.find("肆佰元整"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string(receipt.at("receipt_no").as_string())), std::string::npos);
  // Someone else cannot fetch it.
  EXPECT_EQ(get(std::string(receipt.at("receipt_url").as_string()), login("13800000003")).status, 404u);
}

TEST_F(CredentialApi, MalformedBodiesGetTheJsonErrorShape) {
  auto r = post("/api/v1/sessions", "{not json");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_code(r), "BODY_NOT_JSON");
  auto missing = post("/api/v1/sessions", R"({"method":"account"})");
  EXPECT_EQ(error_code(missing), "FIELD_MISSING");
  EXPECT_EQ(json::parse(missing.body).at("error").at("field").as_string(), "phone");
  auto unauthenticated = get("/api/v1/me", "nonsense");
  EXPECT_EQ(unauthenticated.status, 401u);
  EXPECT_EQ(error_code(unauthenticated), "SESSION_REQUIRED");
}

TEST_F(CredentialApi, ActivationThroughTheSimulatorsPhoneStep) {
  // 刘洋 exists twice: the face check starts, activation is refused with its own reason.
  auto agent = post("/api/agency/v1/sessions", R"({"username":"sz_agent","password":"Agent2026demo"})");
  ASSERT_EQ(agent.status, 201u) << agent.body;
  const std::string staff(json::parse(agent.body).at("token").as_string());
  auto found = json::parse(get("/api/agency/v1/persons?name=" + std::string("%E5%88%98%E6%B4%8B"), staff).body);
  auto items = found.at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << "the duplicated person shows as two records";
  const std::string id_number(items[0].at("id_number").as_string());

  auto ticket = post("/api/v1/face-checks", json::serialize(json::object{{"id_number", id_number}, {"name", "刘洋"}, {"purpose", "activation"}}));
  ASSERT_EQ(ticket.status, 201u) << ticket.body;
  const std::string t(json::parse(ticket.body).at("ticket").as_string());
  ASSERT_EQ(post("/sim/face-checks/" + t + "/complete", R"({"sample":"pass"})").status, 200u);
  auto refused = post("/api/v1/credential/activate",
                      json::serialize(json::object{{"id_number", id_number}, {"name", "刘洋"}, {"face_ticket", t}, {"pin", "246813"}}));
  EXPECT_EQ(refused.status, 409u) << refused.body;
  EXPECT_EQ(error_code(refused), "PERSON_DUPLICATED");
}

}  // namespace
}  // namespace yibao::testing
