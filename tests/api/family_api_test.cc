// 亲情账户 over real HTTP against the demo world: both binding routes end to end (the 承诺书 PDF
// read back with pdftotext), the refusals that must leave nothing behind (a non-image upload,
// an oversized upload, a wrong relation), both sides' lists with the unbinding reason, and
// diagnose.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "qr/qr_image.h"
#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;

class FamilyApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(store::Backend::sqlite);
    data_dir_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("data");
    auto world = seed_demo_world(database_->url(), data_dir_);
    ASSERT_TRUE(world);
    for (const auto& [name, person] : world->people) {
      ids_.emplace(name, person.id_number);
      psns_.emplace(name, person.psn_no);
    }
    server_ = new ServerProcess(database_->url(), demo_server_args(data_dir_));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }

  static HttpResponse call(const std::string& method, const std::string& target, const std::string& body,
                           const std::string& token, const std::string& content_type = "application/json") {
    HttpRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.headers["X-Channel"] = "app";
    if (!body.empty() || method == "POST" || method == "PUT") req.headers["Content-Type"] = content_type;
    if (!token.empty()) req.headers["Authorization"] = "Bearer " + token;
    return http_call(server_->port(), req);
  }
  static json::value body_of(const HttpResponse& r) { return json::parse(r.body); }
  static std::string error_code(const HttpResponse& r) {
    auto v = json::parse(r.body);
    return std::string(v.at("error").at("code").as_string());
  }
  static std::string login(const std::string& phone) {
    auto r = call("POST", "/api/v1/sessions", R"({"method":"account","phone":")" + phone + R"(","password":"Demo2026yb"})", "");
    EXPECT_EQ(r.status, 201u) << r.body;
    return std::string(json::parse(r.body).at("token").as_string());
  }
  static void pass_face(const std::string& token, std::int64_t binding) {
    auto ticket = call("POST", "/api/v1/me/family/bindings/" + std::to_string(binding) + "/face-checks", "{}", token);
    ASSERT_EQ(ticket.status, 201u) << ticket.body;
    const std::string t(body_of(ticket).at("ticket").as_string());
    auto done = call("POST", "/sim/face-checks/" + t + "/complete", R"({"sample":"pass"})", "");
    ASSERT_EQ(done.status, 200u) << done.body;
  }
  static std::string pdf_text(const std::string& pdf) {
    const std::string file = data_dir_ + "/" + unique_name("letter") + ".pdf";
    std::ofstream(file, std::ios::binary) << pdf;
    std::string text;
    if (FILE* p = ::popen(("pdftotext -enc UTF-8 '" + file + "' -").c_str(), "r")) {
      char buf[4096];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
      ::pclose(p);
    }
    // pdftotext breaks lines inside names: compare without line breaks.
    std::erase(text, '\n');
    return text;
  }
  static std::size_t stored_uploads() {
    const auto dir = std::filesystem::path(data_dir_) / "uploads" / "family";
    if (!std::filesystem::exists(dir)) return 0;
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
  }

  static inline ScratchDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string data_dir_;
  static inline std::map<std::string, std::string> ids_;
  static inline std::map<std::string, std::string> psns_;
};

TEST_F(FamilyApi, TheIdNumberRouteEndToEndWithThePdfAndTheRefusals) {
  const std::string token = login("13800000001");  // 张建国
  ASSERT_TRUE(ids_.contains("张晓雨"));

  // A wrong relation is refused up front and creates nothing.
  auto wrong = call("POST", "/api/v1/me/family/bindings",
                    json::serialize(json::object{{"route", "id_number"}, {"name", "张晓雨"},
                                                 {"id_number", ids_["张晓雨"]}, {"relation", "friend"}}),
                    token);
  EXPECT_EQ(wrong.status, 400u);
  EXPECT_EQ(error_code(wrong), "RELATION_INVALID");

  auto started = call("POST", "/api/v1/me/family/bindings",
                      json::serialize(json::object{{"route", "id_number"}, {"name", "张晓雨"},
                                                   {"id_number", ids_["张晓雨"]}, {"relation", "child"}}),
                      token);
  ASSERT_EQ(started.status, 201u) << started.body;
  const auto draft = body_of(started).as_object();
  const auto id = draft.at("id").as_int64();
  const std::string base = "/api/v1/me/family/bindings/" + std::to_string(id);
  EXPECT_EQ(draft.at("status").as_string(), "draft");
  EXPECT_TRUE(draft.at("face_required").as_bool()) << "17 years old: her own face check";
  EXPECT_EQ(std::string(draft.at("member_id_number").as_string()).find(ids_["张晓雨"]), std::string::npos) << "masked";

  // The 承诺书 names both people and carries its digest.
  auto pdf = call("GET", base + "/commitment.pdf", "", token);
  ASSERT_EQ(pdf.status, 200u);
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  const auto text = pdf_text(pdf.body);
  EXPECT_NE(text.find("张建国"), std::string::npos) << text;
  EXPECT_NE(text.find("张晓雨"), std::string::npos) << text;
  const std::string sha(draft.at("document_sha256").as_string());
  EXPECT_NE(text.find(sha), std::string::npos);

  ASSERT_EQ(call("POST", base + "/sign", json::serialize(json::object{{"document_sha256", sha}}), token).status, 200u);
  ASSERT_EQ(call("POST", base + "/notice", R"({"accepted":true})", token).status, 200u);

  // A non-image and an oversized image are refused with their reason; nothing is stored.
  auto not_image = call("PUT", base + "/uploads/holder", "%PDF-1.4 this is not a photo", token, "image/png");
  EXPECT_EQ(not_image.status, 415u) << not_image.body;
  EXPECT_EQ(error_code(not_image), "FAMILY_UPLOAD_NOT_IMAGE");
  std::string big = *qr::render_png("户口簿", 4);
  big.resize(5 * 1024 * 1024 + 1, '\0');
  auto too_big = call("PUT", base + "/uploads/member", big, token, "image/png");
  EXPECT_EQ(too_big.status, 413u) << too_big.body.substr(0, 200);
  EXPECT_EQ(error_code(too_big), "FAMILY_UPLOAD_TOO_LARGE");
  EXPECT_TRUE(body_of(call("GET", base, "", token)).at("uploads").as_array().empty());
  EXPECT_EQ(stored_uploads(), 0u);

  // Completing now says what is missing; then the pages, the face check, and it binds.
  auto early = call("POST", base + "/complete", "{}", token);
  EXPECT_EQ(error_code(early), "FAMILY_UPLOAD_MISSING");
  const std::string page = *qr::render_png("户口簿本人页", 4);
  ASSERT_EQ(call("PUT", base + "/uploads/holder", page, token, "image/png").status, 200u);
  ASSERT_EQ(call("PUT", base + "/uploads/member", *qr::render_png("户口簿成员页", 4), token, "image/png").status, 200u);
  EXPECT_EQ(stored_uploads(), 2u);
  EXPECT_EQ(error_code(call("POST", base + "/complete", "{}", token)), "FAMILY_MEMBER_FACE_REQUIRED");
  pass_face(token, id);
  auto bound = call("POST", base + "/complete", "{}", token);
  ASSERT_EQ(bound.status, 200u) << bound.body;
  EXPECT_EQ(body_of(bound).at("status").as_string(), "active");

  // The holder lists her; the demo's earlier forced unbinding shows with its reason.
  auto members = body_of(call("GET", "/api/v1/me/family/members", "", token));
  bool found = false;
  for (const auto& m : members.at("active").as_array()) found |= m.at("id").as_int64() == id;
  EXPECT_TRUE(found);
  bool forced = false;
  for (const auto& m : members.at("past").as_array()) {
    forced |= m.at("unbind_reason").as_string() == "system_forced" && m.as_object().contains("unbind_note");
  }
  EXPECT_TRUE(forced) << json::serialize(members);

  // The holder unbinds her; her own side shows why.
  const auto member_id = body_of(bound).at("member_id").as_int64();
  auto unbound = call("DELETE", "/api/v1/me/family/members/" + std::to_string(member_id), "", token);
  ASSERT_EQ(unbound.status, 200u) << unbound.body;
  auto again = call("GET", "/api/v1/me/family/members/" + std::to_string(member_id) + "/diagnose", "", token);
  ASSERT_EQ(again.status, 200u);
  EXPECT_FALSE(body_of(again).at("usable").as_bool());
  EXPECT_EQ(body_of(again).at("blockers").as_array().front().at("code").as_string(), "FAMILY_NOT_BOUND");
}

TEST_F(FamilyApi, ANewbornBindsByBirthCertificateAfterTheMothersFaceCheck) {
  const std::string token = login("13800000006");  // 吴婷
  ASSERT_TRUE(ids_.contains("吴婷"));
  auto started = call("POST", "/api/v1/me/family/bindings",
                      json::serialize(json::object{{"route", "birth_certificate"}, {"mother_name", "吴婷"},
                                                   {"mother_id_number", ids_["吴婷"]}, {"certificate_no", "Q440305001"}}),
                      token);
  ASSERT_EQ(started.status, 201u) << started.body;
  const auto draft = body_of(started).as_object();
  EXPECT_EQ(draft.at("certificate").at("baby_name").as_string(), "吴小满");
  const auto id = draft.at("id").as_int64();
  EXPECT_EQ(error_code(call("POST", "/api/v1/me/family/bindings/" + std::to_string(id) + "/complete", "{}", token)),
            "FAMILY_MOTHER_FACE_REQUIRED");
  pass_face(token, id);
  auto bound = call("POST", "/api/v1/me/family/bindings/" + std::to_string(id) + "/complete", "{}", token);
  ASSERT_EQ(bound.status, 200u) << bound.body;
  EXPECT_EQ(body_of(bound).at("status").as_string(), "active");
  EXPECT_EQ(body_of(bound).at("route").as_string(), "birth_certificate");
}

// Acting for a bound member reaches the settlement side: the member's spending and 异地就医备案,
// only while bound; the member's code is issued (POST) for the holder to show.
TEST_F(FamilyApi, AHolderSeesAMembersSpendingAndFilesRemoteTreatmentForThem) {
  const std::string token = login("13800000001");
  std::int64_t son = 0, father = 0;
  const auto members = body_of(call("GET", "/api/v1/me/family/members", "", token));
  for (const auto& m : members.at("active").as_array()) {
    if (m.at("member_name").as_string() == "张*宇") son = m.at("member_id").as_int64();
  }
  for (const auto& m : members.at("past").as_array()) {
    if (m.at("member_name").as_string() == "张*福") father = m.at("member_id").as_int64();
  }
  ASSERT_NE(son, 0);
  ASSERT_NE(father, 0) << "the demo force-unbound 张德福";
  const std::string base = "/api/v1/me/family/members/" + std::to_string(son);

  auto spending = call("GET", base + "/spending?year=2026", "", token);
  ASSERT_EQ(spending.status, 200u) << spending.body;
  EXPECT_EQ(body_of(spending).at("year").as_int64(), 2026);
  EXPECT_EQ(error_code(call("GET", base + "/spending?year=26", "", token)), "FIELD_INVALID");

  auto filed = call("POST", base + "/remote-filings",
                    R"({"filing_type":"temporary","dest_admdvs":"440300","valid_from":"2026-11-01","valid_to":"2027-01-31"})", token);
  ASSERT_EQ(filed.status, 201u) << filed.body;
  const auto id = body_of(filed).at("id").as_int64();
  const auto listed = body_of(call("GET", base + "/remote-filings", "", token));
  ASSERT_EQ(listed.at("items").as_array().size(), 1u);
  EXPECT_EQ(call("DELETE", base + "/remote-filings/" + std::to_string(id), "", token).status, 200u);

  // His code needs an active credential: the holder activates it with a PIN, then shows it.
  EXPECT_EQ(error_code(call("POST", base + "/code", "{}", token)), "CREDENTIAL_INACTIVE");
  auto activated = call("POST", base + "/credential/activate", R"({"pin":"135790"})", token);
  ASSERT_EQ(activated.status, 200u) << activated.body;
  auto code = call("POST", base + "/code", "{}", token);
  EXPECT_EQ(code.status, 201u) << code.body;

  // Someone no longer bound: nothing of theirs is visible or changeable.
  const std::string gone = "/api/v1/me/family/members/" + std::to_string(father);
  EXPECT_EQ(error_code(call("GET", gone + "/spending", "", token)), "FAMILY_NOT_BOUND");
  EXPECT_EQ(error_code(call("POST", gone + "/remote-filings",
                            R"({"filing_type":"temporary","dest_admdvs":"440300","valid_from":"2026-11-01","valid_to":"2027-01-31"})",
                            token)),
            "FAMILY_NOT_BOUND");
  EXPECT_EQ(error_code(call("GET", "/api/v1/me/family/members/abc/spending", "", token)), "FAMILY_NOT_BOUND");
}

TEST_F(FamilyApi, StaffForceUnbindNeedsANoteAndBothSidesSeeIt) {
  auto agent = call("POST", "/api/agency/v1/sessions", R"({"username":"bj_agent","password":"Agent2026demo"})", "");
  ASSERT_EQ(agent.status, 201u) << agent.body;
  const std::string staff(body_of(agent).at("token").as_string());
  const std::string person = "/api/agency/v1/persons/" + psns_["张小宇"] + "/family-bindings";
  auto listed = call("GET", person, "", staff);
  ASSERT_EQ(listed.status, 200u) << listed.body;
  std::int64_t binding = 0;
  const auto listed_body = body_of(listed);
  for (const auto& b : listed_body.at("items").as_array()) {
    if (b.at("status").as_string() == "active") binding = b.at("id").as_int64();
  }
  ASSERT_NE(binding, 0) << "the demo binds 张小宇 to 张建国";
  const std::string force = person + "/" + std::to_string(binding) + "/force-unbind";
  auto no_note = call("POST", force, "{}", staff);
  EXPECT_EQ(no_note.status, 400u);
  EXPECT_EQ(error_code(no_note), "FAMILY_FORCE_NOTE_REQUIRED");
  ASSERT_EQ(call("POST", force, R"({"note":"户籍核查（测试）"})", staff).status, 200u);

  // The holder's side shows the reason and the note; so does the agency's person view.
  const std::string token = login("13800000001");
  bool seen = false;
  const auto members = body_of(call("GET", "/api/v1/me/family/members", "", token));
  for (const auto& m : members.at("past").as_array()) {
    if (m.at("id").as_int64() != binding) continue;
    seen = true;
    EXPECT_EQ(m.at("unbind_reason").as_string(), "system_forced");
    EXPECT_EQ(m.at("unbind_note").as_string(), "户籍核查（测试）");
  }
  EXPECT_TRUE(seen);
  const auto after = body_of(call("GET", person, "", staff));
  for (const auto& b : after.at("items").as_array()) {
    if (b.at("id").as_int64() == binding) {
      EXPECT_EQ(b.at("unbound_by").as_string(), "staff:bj_agent");
    }
  }
  // A staff member of another region may not.
  auto sz = call("POST", "/api/agency/v1/sessions", R"({"username":"sz_agent","password":"Agent2026demo"})", "");
  ASSERT_EQ(sz.status, 201u) << sz.body;
  const std::string other(body_of(sz).at("token").as_string());
  EXPECT_EQ(error_code(call("GET", person, "", other)), "STAFF_OUT_OF_REGION");
  EXPECT_EQ(error_code(call("POST", force, R"({"note":"越权"})", other)), "STAFF_OUT_OF_REGION");
}

}  // namespace
}  // namespace yibao::testing
