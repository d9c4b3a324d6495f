#include "http/api/remote_filing_routes.h"

#include <memory>
#include <string>
#include <vector>

#include "http/api/views.h"
#include "services/remote_filing_service.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;
using services::RemoteFilingService;

json::object filing_json(const store::RemoteFilingRow& r, const core::RegionDirectory& regions) {
  return json::object{{"id", r.id},
                      {"filing_type", r.filing_type},
                      {"dest_admdvs", r.dest_admdvs},
                      {"dest_name", region_name(regions, r.dest_admdvs)},
                      {"valid_from", r.valid_from},
                      {"valid_to", r.valid_to},
                      {"status", r.status},
                      {"recorded_by_kind", r.recorded_by_kind},
                      {"created_at", iso_us(r.created_at_us)}};
}

core::Result<services::RemoteFilingInput> filing_input(const Request& request) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  services::RemoteFilingInput in;
  for (auto [field, target] : {std::pair{"filing_type", &in.filing_type}, std::pair{"dest_admdvs", &in.dest_admdvs},
                               std::pair{"valid_from", &in.valid_from}, std::pair{"valid_to", &in.valid_to}}) {
    auto v = required_string(*body, field);
    if (!v) return v.error();
    *target = *v;
  }
  return in;
}

Response filings_response(const std::vector<store::RemoteFilingRow>& rows, const core::RegionDirectory& regions) {
  json::array items;
  for (const auto& r : rows) items.push_back(filing_json(r, regions));
  return Response::json(200, json::object{{"items", items}});
}

// The three ways to reach a person's filings share these handlers: `person_id` is whose filings,
// `kind`/`by` who acts.
Response list(RemoteFilingService& svc, ApiDeps& deps, std::int64_t person_id) {
  return filings_response(svc.of_person(person_id), deps.ctx.regions);
}

Response file(RemoteFilingService& svc, ApiDeps& deps, const Request& request, std::int64_t person_id,
              const std::string& kind, const std::string& by) {
  auto in = filing_input(request);
  if (!in) return fail(in.error(), request);
  auto row = svc.file(person_id, *in, kind, by);
  if (!row) return fail(row.error(), request);
  return Response::json(201, filing_json(*row, deps.ctx.regions));
}

Response cancel(RemoteFilingService& svc, const Request& request, std::int64_t person_id) {
  auto id = path_id(request, "id");
  if (!id) return fail(Error{Reason::REMOTE_FILING_NOT_FOUND}, request);
  if (auto ok = svc.cancel(person_id, *id); !ok) return fail(ok.error(), request);
  return Response::json(200, json::object{{"id", *id}, {"status", "cancelled"}});
}

}  // namespace

void add_remote_filing_routes(Router& router, ApiDeps& deps) {
  auto svc = std::make_shared<RemoteFilingService>(deps.ctx);

  router.get("/api/v1/me/remote-filings", [&deps, svc](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) { return list(*svc, deps, p.subject_id); });
  });
  router.post("/api/v1/me/remote-filings", [&deps, svc](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return file(*svc, deps, request, p.subject_id, "person", std::to_string(p.subject_id));
    });
  });
  router.add(Route{"DELETE", "/api/v1/me/remote-filings/{id}", [&deps, svc](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) { return cancel(*svc, request, p.subject_id); });
                   },
                   Exec::worker, 0});

  // For a bound member (亲情账户), only while the binding is active.
  router.get("/api/v1/me/family/members/{member_id}/remote-filings", [&deps, svc](Request& request) {
    return as_holder_of(deps, request, [&](const services::Principal&, std::int64_t member) { return list(*svc, deps, member); });
  });
  router.post("/api/v1/me/family/members/{member_id}/remote-filings", [&deps, svc](Request& request) {
    return as_holder_of(deps, request, [&](const services::Principal& holder, std::int64_t member) {
      return file(*svc, deps, request, member, "person", std::to_string(holder.subject_id));
    });
  });
  router.add(Route{"DELETE", "/api/v1/me/family/members/{member_id}/remote-filings/{id}", [&deps, svc](Request& request) {
                     return as_holder_of(deps, request, [&](const services::Principal&, std::int64_t member) {
                       return cancel(*svc, request, member);
                     });
                   },
                   Exec::worker, 0});

  // At the agency counter.
  router.get("/api/agency/v1/persons/{psn_no}/remote-filings", [&deps, svc](Request& request) {
    return as_staff_on(deps, request, "remote_filings", [&](const store::StaffRow&, std::int64_t person_id) {
      return list(*svc, deps, person_id);
    });
  });
  router.post("/api/agency/v1/persons/{psn_no}/remote-filings", [&deps, svc](Request& request) {
    return as_staff_on(deps, request, "remote_filings", [&](const store::StaffRow& staff, std::int64_t person_id) {
      return file(*svc, deps, request, person_id, "staff", staff.username);
    });
  });
  router.add(Route{"DELETE", "/api/agency/v1/persons/{psn_no}/remote-filings/{id}", [&deps, svc](Request& request) {
                     return as_staff_on(deps, request, "remote_filings", [&](const store::StaffRow&, std::int64_t person_id) {
                       return cancel(*svc, request, person_id);
                     });
                   },
                   Exec::worker, 0});
}

}  // namespace yibao::http::api
