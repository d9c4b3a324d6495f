#include "http/api/mutual_aid_routes.h"


#include "core/clock.h"
#include "core/masking.h"
#include "http/api/api_support.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;


struct AidInput {
  std::string id_number, name, relation;
};

core::Result<AidInput> read_input(const Request& request) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  AidInput in;
  for (auto [field, target] : {std::pair{"id_number", &in.id_number}, std::pair{"name", &in.name},
                               std::pair{"relation", &in.relation}}) {
    auto value = required_string(*body, field);
    if (!value) return value.error();
    *target = *value;
  }
  return in;
}

std::string status_label(const store::AuthorisationRow& row, std::chrono::year_month_day today) {
  if (row.status == "revoked") return "已解除（授权人撤销）";
  if (row.status == "dissolved") return "已自动解除";
  auto from = core::parse_date(row.effective_from);
  if (from && *from > today) return "等待生效";
  return "生效中";
}

json::object aid_view(const services::AidView& v, std::int64_t me, std::chrono::year_month_day today) {
  const bool i_authorise = v.row.authoriser_person_id == me;
  json::object o;
  o["id"] = v.row.id;
  o["role"] = i_authorise ? "authoriser" : "beneficiary";
  o["counterpart_name"] = core::mask_name(i_authorise ? v.beneficiary_name : v.authoriser_name);
  o["relation"] = v.row.relation;
  o["relation_label"] = domain::relation_label(v.row.relation);
  o["status"] = v.row.status;
  o["status_label"] = status_label(v.row, today);
  o["effective_from"] = v.row.effective_from;
  o["created_at"] = iso_us(v.row.created_at_us);
  if (v.row.ended_at_us) o["ended_at"] = iso_us(*v.row.ended_at_us);
  if (v.row.end_reason) {
    o["end_reason"] = *v.row.end_reason;
    o["end_reason_label"] = domain::dissolution_label(*v.row.end_reason);
  }
  json::array events;
  for (const auto& e : v.events) {
    events.push_back(json::object{{"event", e.event}, {"reason", e.reason}, {"detail", e.detail}, {"at", iso_us(e.at_us)}});
  }
  o["events"] = std::move(events);
  return o;
}

}  // namespace

void add_mutual_aid_routes(Router& router, ApiDeps& deps) {
  router.get("/api/v1/me/mutual-aid", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      const auto today = core::shanghai_date(deps.ctx.clock.now());
      json::array mine, for_me;
      for (const auto& v : deps.mutual_aid.list(p.subject_id)) {
        (v.row.authoriser_person_id == p.subject_id ? mine : for_me).push_back(aid_view(v, p.subject_id, today));
      }
      return Response::json(200, json::object{{"as_authoriser", std::move(mine)}, {"as_beneficiary", std::move(for_me)}});
    });
  });

  router.post("/api/v1/me/mutual-aid/check", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto in = read_input(request);
      if (!in) return fail(in.error(), request);
      std::optional<std::chrono::year_month_day> admission;
      if (auto body = parse_json_object(request); body) {
        if (auto text = optional_string(*body, "admission_date")) {
          auto date = core::parse_date(*text);
          if (!date) return fail(Error{Reason::FIELD_INVALID, "admission_date 须为 yyyy-MM-dd", "admission_date"}, request);
          admission = *date;
        }
      }
      const auto check = deps.mutual_aid.check(p.subject_id, in->id_number, in->name, in->relation, admission);
      json::array blockers, payment;
      for (const auto& b : check.blockers) blockers.push_back(reason_json(b));
      for (const auto& b : check.payment_blockers) payment.push_back(reason_json(b));
      return Response::json(200, json::object{{"allowed", check.blockers.empty()},
                                              {"blockers", std::move(blockers)},
                                              {"can_pay_now", check.payment_blockers.empty()},
                                              {"payment_blockers", std::move(payment)},
                                              {"effective_from_if_authorised_today", core::format_date(check.effective_from)}});
    });
  });

  router.post("/api/v1/me/mutual-aid/filings", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto in = read_input(request);
      if (!in) return fail(in.error(), request);
      if (auto st = deps.mutual_aid.file(p.subject_id, in->id_number, in->name, in->relation, p.channel); !st) {
        return fail(st.error(), request);
      }
      return Response::json(201, json::object{{"status", "filed"}});
    });
  });

  router.post("/api/v1/me/mutual-aid", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto in = read_input(request);
      if (!in) return fail(in.error(), request);
      auto row = deps.mutual_aid.authorise(p.subject_id, in->id_number, in->name, in->relation, p.channel);
      if (!row) return fail(row.error(), request);
      return Response::json(201, json::object{{"id", row->id}, {"status", row->status}, {"effective_from", row->effective_from}});
    });
  });

  router.add(Route{"DELETE", "/api/v1/me/mutual-aid/{id}", [&deps](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       const auto id = path_id(request, "id");
                       if (!id) return fail(Error{Reason::MUTUAL_AID_NOT_FOUND}, request);
                       if (auto st = deps.mutual_aid.revoke(p.subject_id, *id); !st) return fail(st.error(), request);
                       return Response::json(200, json::object{{"status", "revoked"}});
                     });
                   }});
}

}  // namespace yibao::http::api
