#include "http/api/agency_routes.h"


#include "core/clock.h"
#include "domain/policy.h"
#include "http/api/api_support.h"
#include "http/api/views.h"
#include "store/admin_repo.h"
#include "store/credential_repo.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

json::object subject_view(ApiDeps& deps, const services::Subject& s) {
  const auto today = core::shanghai_date(deps.ctx.clock.now());
  auto channels = deps.ctx.db.read([&](store::Tx& tx) { return store::CredentialRepo::channels(tx, s.credential.id); });
  auto view = person_view(s, channels, deps.ctx.regions, today, Audience::agency);
  if (s.credential.face_failing_since_us) view["face_failing_since"] = iso_us(*s.credential.face_failing_since_us);
  return view;
}

Response status_ok(const char* status) { return Response::json(200, json::object{{"status", status}}); }

}  // namespace

void add_agency_routes(Router& router, ApiDeps& deps) {
  router.post("/api/agency/v1/sessions", [&deps](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return fail(body.error(), request);
    auto username = required_string(*body, "username");
    if (!username) return fail(username.error(), request);
    auto password = required_string(*body, "password");
    if (!password) return fail(password.error(), request);
    auto session = deps.agency.login(*username, *password);
    if (!session) return fail(session.error(), request);
    return Response::json(201, json::object{{"token", session->token}, {"expires_at", iso(session->expires_at)}});
  });

  // Logging out ends the session on the server: a token copied from the browser stops working.
  router.add(Route{"DELETE", "/api/agency/v1/sessions/current", [&deps](Request& request) {
                     auto principal = authenticate(deps.sessions, request, services::SubjectKind::staff);
                     if (!principal) return fail(principal.error(), request);
                     deps.sessions.logout(*principal);
                     return Response::json(200, json::object{{"status", "logged_out"}});
                   }});

  router.get("/api/agency/v1/me", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      return Response::json(200, json::object{{"username", staff.username},
                                              {"name", staff.name},
                                              {"admdvs", staff.admdvs},
                                              {"region_name", region_name(deps.ctx.regions, staff.admdvs)}});
    });
  });

  router.get("/api/agency/v1/persons", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      store::PersonSearch query;
      query.id_number = query_param(request, "id_number");
      query.name = query_param(request, "name");
      query.psn_no = query_param(request, "psn_no");
      if (!query.id_number && !query.name && !query.psn_no) {
        return fail(Error{Reason::FIELD_MISSING, "请输入身份证号码、姓名或人员编号", "id_number"}, request);
      }
      json::array items;
      for (const auto& s : deps.agency.search(staff, query)) items.push_back(subject_view(deps, s));
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.get("/api/agency/v1/persons/{psn_no}", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto s = deps.agency.person(staff, request.path_param("psn_no"));
      if (!s) return fail(s.error(), request);
      return Response::json(200, subject_view(deps, *s));
    });
  });

  auto with_note = [&deps](auto action) {
    return [&deps, action](Request& request) {
      return as_staff(deps, request, [&](const store::StaffRow& staff) {
        auto body = parse_json_object(request);
        if (!body) return fail(body.error(), request);
        const std::string note = optional_string(*body, "note").value_or("");
        if (auto st = action(deps, staff, request.path_param("psn_no"), note); !st) return fail(st.error(), request);
        return status_ok("ok");
      });
    };
  };
  router.post("/api/agency/v1/persons/{psn_no}/freeze",
              with_note([](ApiDeps& d, const store::StaffRow& s, const std::string& psn, const std::string& note) {
                return d.agency.freeze(s, psn, note);
              }));
  router.post("/api/agency/v1/persons/{psn_no}/unfreeze",
              with_note([](ApiDeps& d, const store::StaffRow& s, const std::string& psn, const std::string& note) {
                return d.agency.unfreeze(s, psn, note);
              }));

  router.post("/api/agency/v1/persons/{psn_no}/offline-activation", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto pin = required_string(*body, "pin");
      if (!pin) return fail(pin.error(), request);
      const std::string channel = optional_string(*body, "channel").value_or("app");
      if (auto st = deps.agency.offline_activate(staff, request.path_param("psn_no"), channel, *pin); !st) {
        return fail(st.error(), request);
      }
      return status_ok("activated");
    });
  });

  router.post("/api/agency/v1/persons/{psn_no}/enrolments/{id}/status", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto status = required_string(*body, "status");
      if (!status) return fail(status.error(), request);
      const std::string note = optional_string(*body, "note").value_or("");
      // Not a valid id: 0, which no enrolment has (the person and region checks still come first).
      const auto id = path_id(request, "id").value_or(0);
      if (auto st = deps.agency.set_enrolment_status(staff, request.path_param("psn_no"), id, *status, note); !st) {
        return fail(st.error(), request);
      }
      return status_ok("updated");
    });
  });

  router.post("/api/agency/v1/persons/merge", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto keep = required_string(*body, "keep_psn_no");
      if (!keep) return fail(keep.error(), request);
      auto merge = required_string(*body, "merge_psn_no");
      if (!merge) return fail(merge.error(), request);
      if (auto st = deps.agency.merge(staff, *keep, *merge); !st) return fail(st.error(), request);
      return status_ok("merged");
    });
  });

  // Periodic jobs for the staff member's region; idempotent per period.
  auto job_view = [](const services::JobReport& r) {
    json::object o{{"period", r.period}, {"considered", r.considered}, {"posted", r.posted},
                   {"already_posted", r.already_posted}, {"skipped", r.skipped}};
    put_money(o, "moved", r.moved_fen);
    return o;
  };
  router.post("/api/agency/v1/jobs/monthly-credit", [&deps, job_view](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto month = required_string(*body, "month");
      if (!month) return fail(month.error(), request);
      auto report = deps.accounts.run_monthly_credit(*month, staff.admdvs);
      if (!report) return fail(report.error(), request);
      return Response::json(200, job_view(*report));
    });
  });
  router.post("/api/agency/v1/jobs/year-rollover", [&deps, job_view](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto year = required_string(*body, "year");
      if (!year) return fail(year.error(), request);
      auto report = deps.accounts.run_year_rollover(*year, staff.admdvs);
      if (!report) return fail(report.error(), request);
      return Response::json(200, job_view(*report));
    });
  });
  router.get("/api/agency/v1/ledger/audit", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow&) {
      const auto report = deps.accounts.audit();
      json::array findings;
      for (const auto& f : report.findings) findings.push_back(json::object{{"account", f.account_code}, {"problem", f.problem}});
      json::object o{{"clean", report.clean()}, {"accounts", report.accounts}, {"entries", report.entries},
                     {"findings", std::move(findings)}};
      put_money(o, "total_balance", report.total_balance);
      return Response::json(200, o);
    });
  });
}

}  // namespace yibao::http::api
