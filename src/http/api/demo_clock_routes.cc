#include "http/api/demo_clock_routes.h"

#include "core/clock.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

constexpr std::int64_t kMaxAdvanceDays = 3660;  // ten years: far enough for any walkthrough

json::object clock_json(const services::ClockState& s) {
  return json::object{{"now", core::format_shanghai_datetime(s.now)},
                      {"today", core::format_date(core::shanghai_date(s.now))},
                      {"demo_clock", s.enabled},
                      {"moved", s.offset_us != 0},
                      {"offset_seconds", s.offset_us / 1'000'000}};
}

// A positive whole number of `field`, at most `max`.
core::Result<std::int64_t> positive(const json::value& v, const char* field, std::int64_t max) {
  if (!v.is_int64() || v.as_int64() <= 0 || v.as_int64() > max) {
    return Error{Reason::FIELD_INVALID, std::string(field) + " 须为 1 到 " + std::to_string(max) + " 之间的整数", field};
  }
  return v.as_int64();
}

}  // namespace

void add_demo_clock_routes(Router& router, ApiDeps& deps, services::DemoClockService& clock) {
  router.get("/api/v1/platform/clock", [&clock](Request&) { return Response::json(200, clock_json(clock.state())); });

  router.post("/api/agency/v1/demo/clock", [&deps, &clock](Request& request) {
                     return as_staff(deps, request, [&](const store::StaffRow& staff) {
                       if (!clock.state().enabled) return fail(Error{Reason::DEMO_CLOCK_DISABLED}, request);
                       auto body = parse_json_object(request);
                       if (!body) return fail(body.error(), request);
                       const auto* days = body->if_contains("advance_days");
                       const auto* seconds = body->if_contains("advance_seconds");
                       const auto* to = body->if_contains("set");
                       if ((days != nullptr) + (seconds != nullptr) + (to != nullptr) != 1) {
                         return fail(Error{Reason::FIELD_INVALID, "请只填写 advance_days、advance_seconds、set 其中之一", "advance_days"},
                                     request);
                       }
                       core::Result<services::ClockState> moved = Error{Reason::INTERNAL_ERROR};
                       if (days != nullptr) {
                         auto n = positive(*days, "advance_days", kMaxAdvanceDays);
                         if (!n) return fail(n.error(), request);
                         moved = clock.advance(staff, std::chrono::hours(24 * *n));
                       } else if (seconds != nullptr) {
                         auto n = positive(*seconds, "advance_seconds", kMaxAdvanceDays * 86400);
                         if (!n) return fail(n.error(), request);
                         moved = clock.advance(staff, std::chrono::seconds(*n));
                       } else {
                         const auto text = to->is_string() ? std::string(to->as_string()) : std::string();
                         auto when = core::parse_shanghai_datetime(text);
                         if (!when) return fail(Error{Reason::FIELD_INVALID, "set 格式应为 yyyy-MM-dd HH:mm:ss（北京时间）", "set"}, request);
                         moved = clock.set(staff, *when);
                       }
                       if (!moved) return fail(moved.error(), request);
                       return Response::json(200, clock_json(*moved));
                     });
                   });
}

}  // namespace yibao::http::api
