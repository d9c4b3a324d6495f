#include "providers/face_simulator.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/reasons.h"

namespace yibao::providers {
namespace {

using namespace std::chrono;
using core::Reason;

const core::TimePoint kStart = sys_days{year{2024} / March / 1} + 2h;
constexpr const char* kIdA = "11010519491231002X";
constexpr const char* kIdB = "110105194912310037";

FaceCheckRequest request_for(std::string id_number, std::string name,
                             FacePurpose purpose = FacePurpose::activation) {
  return {std::move(id_number), std::move(name), purpose, "app"};
}

class FaceSimulatorTest : public ::testing::Test {
 protected:
  core::FakeClock clock{kStart};
  FaceSimulator sim{clock};

  std::string start(const std::string& name = "张三", const std::string& id_number = kIdA) {
    auto ticket = sim.start(request_for(id_number, name));
    EXPECT_TRUE(ticket.ok());
    return ticket.ok() ? ticket->ticket : std::string();
  }
};

TEST_F(FaceSimulatorTest, StartIssuesARandomUrlSafeTicketWithTenMinuteExpiry) {
  auto first = sim.start(request_for(kIdA, "张三"));
  auto second = sim.start(request_for(kIdA, "张三"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->ticket, second->ticket);
  EXPECT_EQ(first->ticket.size(), 32u);  // 128 bits, hex
  for (char c : first->ticket) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << first->ticket;
  EXPECT_EQ(first->expires_at, kStart + 10min);
  EXPECT_EQ(first->verify_url, "/dev/face-simulator/" + first->ticket);
}

TEST_F(FaceSimulatorTest, TicketsAreUniqueAcrossThreads) {
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> tickets(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto ticket = sim.start(request_for(kIdA, "张三"));
        if (ticket.ok()) tickets[t].push_back(ticket->ticket);
        (void)sim.result(ticket.ok() ? ticket->ticket : "");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& list : tickets) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), 800u);
}

TEST_F(FaceSimulatorTest, PendingUntilThePhoneCompletesIt) {
  const auto ticket = start();
  auto pending = sim.result(ticket);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->outcome, FaceOutcome::pending);
  EXPECT_EQ(pending->failure, FaceFailure::none);
  EXPECT_EQ(pending->id_number, kIdA);
  EXPECT_EQ(require_passed(*pending, kIdA).reason(), Reason::FACE_PENDING);

  clock.advance(9min);
  ASSERT_TRUE(sim.complete(ticket, "pass").ok());
  auto passed = sim.result(ticket);
  ASSERT_TRUE(passed.ok());
  EXPECT_EQ(passed->outcome, FaceOutcome::passed);
  EXPECT_EQ(passed->failure, FaceFailure::none);
  EXPECT_EQ(passed->id_number, kIdA);
  EXPECT_EQ(passed->name, "张三");
  EXPECT_TRUE(require_passed(*passed, kIdA).ok());
}

TEST_F(FaceSimulatorTest, EachFailingSampleGivesItsFailureAndReason) {
  const struct {
    const char* sample;
    FaceFailure failure;
    Reason reason;
  } cases[] = {{"mismatch", FaceFailure::mismatch, Reason::FACE_MISMATCH},
               {"no_live_face", FaceFailure::no_live_face, Reason::FACE_NO_LIVE_FACE},
               {"photo_unavailable", FaceFailure::photo_unavailable, Reason::FACE_PHOTO_UNAVAILABLE}};
  for (const auto& c : cases) {
    const auto ticket = start();
    ASSERT_TRUE(sim.complete(ticket, c.sample).ok()) << c.sample;
    auto result = sim.result(ticket);
    ASSERT_TRUE(result.ok()) << c.sample;
    EXPECT_EQ(result->outcome, FaceOutcome::failed) << c.sample;
    EXPECT_EQ(result->failure, c.failure) << c.sample;
    EXPECT_EQ(reason_for(result->failure), c.reason) << c.sample;
    EXPECT_EQ(require_passed(*result, kIdA).reason(), c.reason) << c.sample;
  }
}

TEST_F(FaceSimulatorTest, AnOutcomeIsFinalAndUnknownSamplesAreRefused) {
  const auto ticket = start();
  auto bad = sim.complete(ticket, "PASS");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(bad.error().field, "sample");
  EXPECT_EQ(sim.result(ticket)->outcome, FaceOutcome::pending);

  ASSERT_TRUE(sim.complete(ticket, "mismatch").ok());
  auto again = sim.complete(ticket, "pass");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(sim.result(ticket)->failure, FaceFailure::mismatch);
}

TEST_F(FaceSimulatorTest, ExpiresAfterTheTtlEvenIfItPassed) {
  const auto pending = start();
  const auto passed = start();
  ASSERT_TRUE(sim.complete(passed, "pass").ok());

  clock.advance(10min - 1ms);
  EXPECT_EQ(sim.result(pending)->outcome, FaceOutcome::pending);
  EXPECT_EQ(sim.result(passed)->outcome, FaceOutcome::passed);

  clock.advance(1ms);
  for (const auto& ticket : {pending, passed}) {
    auto result = sim.result(ticket);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->outcome, FaceOutcome::failed);
    EXPECT_EQ(result->failure, FaceFailure::expired);
    EXPECT_EQ(require_passed(*result, kIdA).reason(), Reason::FACE_EXPIRED);
  }
  EXPECT_EQ(sim.complete(pending, "pass").reason(), Reason::FACE_EXPIRED);

  // Forgotten once it has been expired for another TTL.
  clock.advance(10min);
  EXPECT_EQ(sim.result(pending).reason(), Reason::FACE_TICKET_UNKNOWN);
}

TEST_F(FaceSimulatorTest, TtlIsConfigurable) {
  FaceSimulator short_lived(clock, {.auto_complete = false, .ttl = 30s, .verify_url_base = "https://dev/face"});
  auto ticket = short_lived.start(request_for(kIdA, "张三"));
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->expires_at, kStart + 30s);
  EXPECT_EQ(ticket->verify_url, "https://dev/face/" + ticket->ticket);
  clock.advance(30s);
  EXPECT_EQ(short_lived.result(ticket->ticket)->failure, FaceFailure::expired);
}

TEST_F(FaceSimulatorTest, UnknownTicket) {
  EXPECT_EQ(sim.result("0123456789abcdef0123456789abcdef").reason(), Reason::FACE_TICKET_UNKNOWN);
  EXPECT_EQ(sim.result("").reason(), Reason::FACE_TICKET_UNKNOWN);
  EXPECT_EQ(sim.complete("nope", "pass").reason(), Reason::FACE_TICKET_UNKNOWN);
}

TEST_F(FaceSimulatorTest, StartNeedsIdNumberAndName) {
  auto no_id = sim.start(request_for("", "张三"));
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.reason(), Reason::FIELD_MISSING);
  EXPECT_EQ(no_id.error().field, "id_number");
  auto no_name = sim.start(request_for(kIdA, ""));
  ASSERT_FALSE(no_name.ok());
  EXPECT_EQ(no_name.error().field, "name");
}

TEST_F(FaceSimulatorTest, AResultIsBoundToThePersonItWasStartedFor) {
  const auto ticket = start("张三", kIdA);
  ASSERT_TRUE(sim.complete(ticket, "pass").ok());
  auto result = sim.result(ticket);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(require_passed(*result, kIdA).ok());
  EXPECT_TRUE(require_passed(*result, "11010519491231002x").ok());  // check character case
  EXPECT_EQ(require_passed(*result, kIdB).reason(), Reason::FACE_MISMATCH);
  EXPECT_EQ(require_passed(*result, "").reason(), Reason::FACE_MISMATCH);
}

TEST(FaceSimulatorAutoComplete, PassesAtStartExceptForTheMagicNames) {
  core::FakeClock clock{kStart};
  FaceSimulator sim{clock, {.auto_complete = true}};
  const struct {
    const char* name;
    FaceOutcome outcome;
    FaceFailure failure;
  } cases[] = {{"张三", FaceOutcome::passed, FaceFailure::none},
               {"李四测试", FaceOutcome::passed, FaceFailure::none},
               {"王测试失败", FaceOutcome::failed, FaceFailure::mismatch},
               {"测试失败", FaceOutcome::failed, FaceFailure::mismatch},
               {"赵活体失败五", FaceOutcome::failed, FaceFailure::no_live_face},
               {"钱照片失败", FaceOutcome::failed, FaceFailure::photo_unavailable}};
  for (const auto& c : cases) {
    auto ticket = sim.start(request_for(kIdA, c.name, FacePurpose::login));
    ASSERT_TRUE(ticket.ok()) << c.name;
    auto result = sim.result(ticket->ticket);
    ASSERT_TRUE(result.ok()) << c.name;
    EXPECT_EQ(result->outcome, c.outcome) << c.name;
    EXPECT_EQ(result->failure, c.failure) << c.name;
    EXPECT_EQ(result->name, c.name);
    // Already decided: the phone cannot change it.
    EXPECT_FALSE(sim.complete(ticket->ticket, "pass").ok()) << c.name;
  }
  // Auto-completed passes still expire.
  auto ticket = sim.start(request_for(kIdA, "张三"));
  ASSERT_TRUE(ticket.ok());
  clock.advance(10min);
  EXPECT_EQ(sim.result(ticket->ticket)->failure, FaceFailure::expired);
}

TEST(FaceFailureReasons, MapEveryFailureToAPersonFacingReason) {
  EXPECT_EQ(reason_for(FaceFailure::mismatch), Reason::FACE_MISMATCH);
  EXPECT_EQ(reason_for(FaceFailure::no_live_face), Reason::FACE_NO_LIVE_FACE);
  EXPECT_EQ(reason_for(FaceFailure::photo_unavailable), Reason::FACE_PHOTO_UNAVAILABLE);
  EXPECT_EQ(reason_for(FaceFailure::expired), Reason::FACE_EXPIRED);
  EXPECT_EQ(reason_for(FaceFailure::none), Reason::INTERNAL_ERROR);
  EXPECT_EQ(core::info(Reason::FACE_MISMATCH).http_status, 403);
  EXPECT_EQ(core::info(Reason::FACE_MISMATCH).message, "人脸识别未通过：与本人信息不一致");
  EXPECT_EQ(core::info(Reason::FACE_PHOTO_UNAVAILABLE).http_status, 403);
  EXPECT_NE(core::info(Reason::FACE_PHOTO_UNAVAILABLE).remedy.find("线下激活"), std::string_view::npos);
  EXPECT_EQ(core::info(Reason::FACE_PENDING).http_status, 409);
  EXPECT_EQ(core::info(Reason::FACE_EXPIRED).http_status, 410);
  EXPECT_EQ(core::info(Reason::FACE_TICKET_UNKNOWN).http_status, 404);
  EXPECT_EQ(core::info(Reason::FACE_PROVIDER_UNAVAILABLE).http_status, 503);
  // A failed result that names no kind is never a pass.
  FaceCheckResult failed{FaceOutcome::failed, FaceFailure::none, kIdA, "张三"};
  EXPECT_FALSE(require_passed(failed, kIdA).ok());
}

TEST(FaceWireNames, RoundTrip) {
  for (auto p : {FacePurpose::activation, FacePurpose::login, FacePurpose::pin_reset, FacePurpose::member_binding}) {
    EXPECT_EQ(face_purpose_from_string(to_string(p)), p);
  }
  for (auto f : {FaceFailure::none, FaceFailure::mismatch, FaceFailure::no_live_face, FaceFailure::photo_unavailable,
                 FaceFailure::expired}) {
    EXPECT_EQ(face_failure_from_string(to_string(f)), f);
  }
  EXPECT_EQ(to_string(FacePurpose::member_binding), "member_binding");
  EXPECT_FALSE(face_purpose_from_string("Login").has_value());
  EXPECT_FALSE(face_failure_from_string("").has_value());
}

}  // namespace
}  // namespace yibao::providers
