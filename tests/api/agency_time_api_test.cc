// issue 19, done-when: the agency registers people (参保登记) and the demo clock walks the
// rules through time. A person registered to turn 16 tomorrow needs their own face check once
// the clock moves a day; a holder who bound five members and unbound one is refused a sixth
// this month and allowed it when the clock reaches next month. Bad registrations (a wrong check
// digit, an unknown region, a number already registered) are refused and store nothing.
#include <chrono>
#include <cstdio>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/id_number.h"
#include "qr/qr_image.h"
#include "support/demo_api.h"

namespace yibao::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

class AgencyTimeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    demo_ = DemoApi::start(store::Backend::sqlite, {"--demo-clock"});
    ASSERT_TRUE(demo_);
    staff_ = demo_->staff_token("bj_agent");
  }

  HttpResponse call(const std::string& method, const std::string& target, const std::string& body, const std::string& token,
                    const std::string& type = "application/json") {
    return demo_->send(method, target, body, token, type);
  }
  static json::object body_of(const HttpResponse& r) { return json::parse(r.body).as_object(); }
  std::string citizen_login(const std::string& phone) { return demo_->citizen_token(phone); }
  void move_clock(const std::string& body) {
    auto moved = call("POST", "/api/agency/v1/demo/clock", body, staff_);
    ASSERT_EQ(moved.status, 200u) << moved.body;
    staff_ = demo_->staff_token("bj_agent");  // a long jump ends the staff session too
  }
  std::string platform_today() { return std::string(body_of(call("GET", "/api/v1/platform/clock", "", "")).at("today").as_string()); }

  // A valid ID number of a Beijing 朝阳 resident born on `birth` (odd sequence: male).
  static std::string id_born(year_month_day birth, int seq) {
    char first17[18];
    std::snprintf(first17, sizeof first17, "110105%04d%02u%02u%03d", static_cast<int>(birth.year()),
                  static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()), seq);
    return std::string(first17) + core::id_check_char(first17);
  }
  // 参保登记: a person and a 390 student enrolment in 110105 from today.
  std::string register_child(const std::string& name, const std::string& id_number) {
    auto person = call("POST", "/api/agency/v1/persons",
                       json::serialize(json::object{{"name", name}, {"id_number", id_number}, {"household_admdvs", "110105"}}),
                       staff_);
    EXPECT_EQ(person.status, 201u) << person.body;
    if (person.status != 201u) return "";
    const std::string psn_no(body_of(person).at("psn_no").as_string());
    auto enrolled = call("POST", "/api/agency/v1/persons/" + psn_no + "/enrolments",
                         json::serialize(json::object{{"insutype", "390"}, {"psn_type", "1403"}, {"admdvs", "110105"},
                                                      {"start_date", platform_today()}, {"during_collection", true}}),
                         staff_);
    EXPECT_EQ(enrolled.status, 201u) << enrolled.body;
    EXPECT_EQ(body_of(enrolled).at("benefits_from").as_string(), platform_today()) << "no waiting in the collection window";
    return psn_no;
  }
  // 李秀英's whole ID-route binding of a child: start, sign, notice, both pages, complete.
  HttpResponse bind(const std::string& token, const std::string& name, const std::string& id_number) {
    auto started = call("POST", "/api/v1/me/family/bindings",
                        json::serialize(json::object{{"route", "id_number"}, {"name", name}, {"id_number", id_number},
                                                     {"relation", "child"}}),
                        token);
    if (started.status != 201u) return started;
    const auto draft = body_of(started);
    const std::string base = "/api/v1/me/family/bindings/" + std::to_string(draft.at("id").as_int64());
    last_binding_ = base;
    EXPECT_EQ(call("POST", base + "/sign", json::serialize(json::object{{"document_sha256", draft.at("document_sha256")}}), token)
                  .status,
              200u);
    EXPECT_EQ(call("POST", base + "/notice", R"({"accepted":true})", token).status, 200u);
    EXPECT_EQ(call("PUT", base + "/uploads/holder", *qr::render_png("户口簿户主页", 4), token, "image/png").status, 200u);
    EXPECT_EQ(call("PUT", base + "/uploads/member", *qr::render_png("户口簿成员页 " + name, 4), token, "image/png").status, 200u);
    return call("POST", base + "/complete", "{}", token);
  }

  std::unique_ptr<DemoApi> demo_;
  std::string staff_;
  std::string last_binding_;  // the path of bind()'s draft
};

TEST_F(AgencyTimeApi, APersonWhoTurnsSixteenTomorrowNeedsTheirOwnFaceCheckOnceTheClockMovesADay) {
  const auto today = core::shanghai_date(system_clock::now());
  const auto tomorrow = year_month_day{sys_days(today) + days{1}};
  const auto birth = year_month_day{tomorrow.year() - years{16}, tomorrow.month(), tomorrow.day()};
  const std::string id = id_born(birth, 13);

  // Bad registrations first: each names its field and stores nothing.
  std::string wrong_digit = id;
  wrong_digit.back() = wrong_digit.back() == '0' ? '1' : '0';
  auto checksum = call("POST", "/api/agency/v1/persons", json::serialize(json::object{{"name", "周小成"}, {"id_number", wrong_digit}}), staff_);
  EXPECT_EQ(checksum.status, 400u);
  EXPECT_EQ(error_code_of(checksum), "ID_NUMBER_CHECKSUM");
  EXPECT_EQ(body_of(checksum).at("error").at("field").as_string(), "id_number");
  EXPECT_EQ(error_code_of(call("POST", "/api/agency/v1/persons", json::serialize(json::object{{"id_number", id}}), staff_)),
            "FIELD_MISSING");

  const auto person = call("POST", "/api/agency/v1/persons", json::serialize(json::object{{"name", "周小成"}, {"id_number", id}}), staff_);
  ASSERT_EQ(person.status, 201u) << person.body;
  EXPECT_EQ(body_of(person).at("birth_date").as_string(), core::format_date(birth)) << "derived from the ID number";
  EXPECT_EQ(body_of(person).at("gend").as_string(), "1");
  const std::string psn_no(body_of(person).at("psn_no").as_string());
  auto twice = call("POST", "/api/agency/v1/persons", json::serialize(json::object{{"name", "周小成"}, {"id_number", id}}), staff_);
  EXPECT_EQ(twice.status, 409u);
  EXPECT_EQ(error_code_of(twice), "PERSON_ALREADY_REGISTERED");
  auto unknown_region = call("POST", "/api/agency/v1/persons/" + psn_no + "/enrolments",
                             R"({"insutype":"390","psn_type":"1403","admdvs":"119999","start_date":"2026-01-01"})", staff_);
  EXPECT_EQ(unknown_region.status, 400u) << unknown_region.body;
  EXPECT_EQ(body_of(unknown_region).at("error").at("field").as_string(), "admdvs");
  auto shanghai = call("POST", "/api/agency/v1/persons/" + psn_no + "/enrolments",
                       R"({"insutype":"390","psn_type":"1403","admdvs":"310104","start_date":"2026-01-01"})", staff_);
  EXPECT_EQ(error_code_of(shanghai), "STAFF_OUT_OF_REGION");
  auto enrolled = call("POST", "/api/agency/v1/persons/" + psn_no + "/enrolments",
                       json::serialize(json::object{{"insutype", "390"}, {"psn_type", "1403"}, {"admdvs", "110105"},
                                                    {"start_date", platform_today()}, {"during_collection", true}}),
                       staff_);
  ASSERT_EQ(enrolled.status, 201u) << enrolled.body;
  EXPECT_TRUE(body_of(enrolled).at("is_current").as_bool());
  EXPECT_EQ(error_code_of(call("POST", "/api/agency/v1/persons/" + psn_no + "/enrolments",
                            R"({"insutype":"390","psn_type":"1501","admdvs":"110105","start_date":"2026-01-01"})", staff_)),
            "ENROLMENT_ALREADY_ACTIVE");

  // His mother starts binding him: 15 today, no face check of his own.
  std::string token = citizen_login("13800000002");
  auto started = call("POST", "/api/v1/me/family/bindings",
                      json::serialize(json::object{{"route", "id_number"}, {"name", "周小成"}, {"id_number", id}, {"relation", "child"}}),
                      token);
  ASSERT_EQ(started.status, 201u) << started.body;
  EXPECT_FALSE(body_of(started).at("face_required").as_bool());
  EXPECT_EQ(body_of(started).at("member_age").as_int64(), 15);
  const std::string binding = "/api/v1/me/family/bindings/" + std::to_string(body_of(started).at("id").as_int64());

  move_clock(R"({"advance_days":1})");
  token = citizen_login("13800000002");
  auto after = call("GET", binding, "", token);
  ASSERT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(body_of(after).at("member_age").as_int64(), 16);
  EXPECT_TRUE(body_of(after).at("face_required").as_bool()) << "16 today: he must pass his own face check";
}

TEST_F(AgencyTimeApi, ASixthBindingIsRefusedThisMonthAndAllowedWhenTheClockReachesNextMonth) {
  const auto today = core::shanghai_date(system_clock::now());
  std::vector<std::pair<std::string, std::string>> children;
  for (int i = 0; i < 6; ++i) {
    const auto birth = year_month_day{today.year() - years{6 + i}, January, day{static_cast<unsigned>(10 + i)}};
    const std::string id = id_born(birth, 21 + 2 * i);
    children.emplace_back("李测" + std::to_string(i + 1), id);
    ASSERT_FALSE(register_child(children.back().first, id).empty());
  }
  std::string token = citizen_login("13800000002");
  std::int64_t first_member = 0;
  for (int i = 0; i < 5; ++i) {
    auto bound = bind(token, children[i].first, children[i].second);
    ASSERT_EQ(bound.status, 200u) << i << ": " << bound.body;
    if (i == 0) first_member = body_of(bound).at("member_id").as_int64();
  }
  auto unbound = call("DELETE", "/api/v1/me/family/members/" + std::to_string(first_member), "", token);
  ASSERT_EQ(unbound.status, 200u) << unbound.body;

  last_binding_.clear();
  auto sixth = bind(token, children[5].first, children[5].second);
  EXPECT_EQ(sixth.status, 409u) << sixth.body;
  EXPECT_EQ(error_code_of(sixth), "FAMILY_MONTHLY_LIMIT");

  // The first of next month, 09:00 Beijing time.
  const auto next = year_month_day{sys_days(year_month_day{today.year(), today.month(), day{1}}) + days{40}};
  char at[32];
  std::snprintf(at, sizeof at, "%04d-%02u-01 09:00:00", static_cast<int>(next.year()), static_cast<unsigned>(next.month()));
  move_clock(json::serialize(json::object{{"set", at}}));
  token = citizen_login("13800000002");
  // Refused at the start, it starts again; refused at completion, its draft (complete in
  // every step) completes now.
  auto allowed = last_binding_.empty() ? bind(token, children[5].first, children[5].second)
                                       : call("POST", last_binding_ + "/complete", "{}", token);
  ASSERT_EQ(allowed.status, 200u) << allowed.body;
  EXPECT_EQ(body_of(allowed).at("status").as_string(), "active");
}

}  // namespace
}  // namespace yibao::testing
