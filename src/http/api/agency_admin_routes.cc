#include "http/api/agency_admin_routes.h"

#include "domain/policy.h"
#include "http/api/views.h"
#include "store/admin_repo.h"
#include "store/institution_repo.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

// A stored row with its overrides and the full effective policy (defaults filled in), so the
// editor can show which knobs the region changes and what every knob is.
json::object policy_view(const core::RegionDirectory& regions, const store::PolicyRow& p) {
  boost::system::error_code ec;
  auto overrides = json::parse(p.knobs, ec);
  auto effective = !ec && overrides.is_object() ? domain::parse_policy(overrides.as_object())
                                               : core::Result<domain::RegionPolicy>(Reason::INTERNAL_ERROR);
  return json::object{{"admdvs", p.admdvs},
                      {"name", p.name},
                      {"region_name", region_name(regions, p.admdvs)},
                      {"version", p.version},
                      {"overrides", ec ? json::value(nullptr) : overrides},
                      {"effective", effective ? json::value(domain::policy_to_json(*effective)) : json::value(nullptr)},
                      {"updated_at", iso_us(p.updated_at_us)},
                      {"updated_by", p.updated_by}};
}

// Never includes the key: it is shown once, when registered or rotated.
json::object institution_view(const core::RegionDirectory& regions, const store::InstitutionRow& i) {
  return json::object{{"code", i.code},     {"name", i.name},
                      {"kind", i.kind},     {"level", i.level},
                      {"admdvs", i.admdvs}, {"region_name", region_name(regions, i.admdvs)},
                      {"status", i.status}};
}

json::object with_key(const core::RegionDirectory& regions, const store::InstitutionRow& i) {
  auto o = institution_view(regions, i);
  o["secret"] = i.secret;
  return o;
}

}  // namespace

void add_agency_admin_routes(Router& router, ApiDeps& deps) {
  router.get("/api/agency/v1/policies", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow&) {
      json::array items;
      for (const auto& p : deps.ctx.db.read([](store::Tx& tx) { return store::AdminRepo::policies(tx); })) {
        items.push_back(policy_view(deps.ctx.regions, p));
      }
      return Response::json(200, json::object{{"items", std::move(items)},
                                              {"defaults", domain::policy_to_json(domain::RegionPolicy{})}});
    });
  });

  router.add(Route{"PUT", "/api/agency/v1/policies/{admdvs}", [&deps](Request& request) {
                     return as_staff(deps, request, [&](const store::StaffRow& staff) {
                       auto body = parse_json_object(request);
                       if (!body) return fail(body.error(), request);
                       services::PolicyChange change;
                       change.admdvs = request.path_param("admdvs");
                       const auto* overrides = body->if_contains("overrides");
                       if (!overrides) return fail(Error{Reason::FIELD_MISSING, "overrides", "overrides"}, request);
                       if (!overrides->is_object()) {
                         return fail(Error{Reason::FIELD_INVALID, "overrides 须为对象", "overrides"}, request);
                       }
                       change.overrides = overrides->as_object();
                       const auto* version = body->if_contains("version");
                       if (!version || !version->is_int64() || version->as_int64() < 0) {
                         return fail(Error{Reason::FIELD_INVALID, "请带上编辑前的版本号", "version"}, request);
                       }
                       change.expected_version = static_cast<int>(version->as_int64());
                       change.note = optional_string(*body, "note").value_or("");
                       auto saved = deps.agency_admin.save_policy(staff, change);
                       if (!saved) return fail(saved.error(), request);
                       return Response::json(200, policy_view(deps.ctx.regions, *saved));
                     });
                   },
                   Exec::worker, 0});

  router.get("/api/agency/v1/policies/{admdvs}/history", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow&) {
      auto history = deps.agency_admin.policy_history(request.path_param("admdvs"));
      if (!history) return fail(history.error(), request);
      json::array items;
      for (const auto& h : *history) {
        boost::system::error_code ec;
        auto knobs = json::parse(h.knobs, ec);
        items.push_back(json::object{{"version", h.version},
                                     {"overrides", ec ? json::value(nullptr) : knobs},
                                     {"changed_at", iso_us(h.changed_at_us)},
                                     {"changed_by", h.changed_by},
                                     {"note", h.note}});
      }
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.get("/api/agency/v1/institutions", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow&) {
      json::array items;
      for (const auto& i : deps.ctx.db.read([](store::Tx& tx) { return store::InstitutionRepo::list(tx); })) {
        items.push_back(institution_view(deps.ctx.regions, i));
      }
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.post("/api/agency/v1/institutions", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto code = required_string(*body, "code");
      if (!code) return fail(code.error(), request);
      auto name = required_string(*body, "name");
      if (!name) return fail(name.error(), request);
      auto registered =
          deps.agency_admin.register_institution(staff, *code, *name, optional_string(*body, "level").value_or(""));
      if (!registered) return fail(registered.error(), request);
      return Response::json(201, with_key(deps.ctx.regions, registered->row));
    });
  });

  router.post("/api/agency/v1/institutions/{code}/key", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto rotated = deps.agency_admin.rotate_key(staff, request.path_param("code"));
      if (!rotated) return fail(rotated.error(), request);
      return Response::json(200, with_key(deps.ctx.regions, rotated->row));
    });
  });

  router.post("/api/agency/v1/institutions/{code}/status", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto status = required_string(*body, "status");
      if (!status) return fail(status.error(), request);
      auto row = deps.agency_admin.set_status(staff, request.path_param("code"), *status,
                                              optional_string(*body, "note").value_or(""));
      if (!row) return fail(row.error(), request);
      return Response::json(200, institution_view(deps.ctx.regions, *row));
    });
  });
}

}  // namespace yibao::http::api
