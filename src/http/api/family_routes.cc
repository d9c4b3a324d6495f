#include "http/api/family_routes.h"


#include "core/clock.h"
#include "core/masking.h"
#include "domain/mutual_aid_rules.h"
#include "http/api/api_support.h"
#include "qr/qr_image.h"
#include "store/credential_repo.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

// One binding as either side sees it. Names and ID numbers are masked.
json::object binding_json(const services::BindingView& v, std::int64_t me) {
  const auto& r = v.row;
  json::object o;
  o["id"] = r.id;
  o["side"] = r.holder_person_id == me ? "holder" : "member";
  o["route"] = r.route;
  o["relation"] = r.relation;
  o["relation_label"] = domain::relation_label(r.relation);
  o["status"] = r.status;
  o["channel"] = r.channel;
  o["member_id"] = r.member_person_id;
  o["member_name"] = v.member_name_masked;
  o["member_id_number"] = v.member_id_masked;
  o["member_age"] = v.member_age;
  o["holder_name"] = core::mask_name(v.holder_name);
  o["face_required"] = v.face_required;
  o["steps_done"] = strings(v.steps_done);
  o["steps_pending"] = strings(v.steps_pending);
  if (!r.document_sha256.empty()) {
    o["document_sha256"] = r.document_sha256;
    o["commitment_url"] = "/api/v1/me/family/bindings/" + std::to_string(r.id) + "/commitment.pdf";
  }
  o["created_at"] = iso_us(r.created_at_us);
  if (r.bound_at_us != 0) o["bound_at"] = iso_us(r.bound_at_us);
  if (r.unbound_at_us != 0) {
    o["unbound_at"] = iso_us(r.unbound_at_us);
    o["unbind_reason"] = r.unbind_reason;
    o["unbind_reason_label"] = domain::unbind_reason_label(r.unbind_reason);
    if (!r.unbind_note.empty()) o["unbind_note"] = r.unbind_note;
    o["unbound_by"] = r.unbound_by.starts_with("staff:") ? std::string("staff") : r.unbound_by;
  }
  json::array consents;
  for (const auto& c : v.consents) {
    consents.push_back(json::object{{"kind", c.kind}, {"document_sha256", c.document_sha256}, {"channel", c.channel},
                                    {"at", iso_us(c.at_us)}});
  }
  o["consents"] = std::move(consents);
  json::array uploads;
  for (const auto& u : v.uploads) {
    uploads.push_back(json::object{{"side", u.side}, {"sha256", u.sha256}, {"content_type", u.content_type},
                                   {"size_bytes", u.size_bytes}, {"uploaded_at", iso_us(u.uploaded_at_us)}});
  }
  o["uploads"] = std::move(uploads);
  if (v.certificate) {
    const auto& c = *v.certificate;
    o["certificate"] = json::object{{"certificate_no", c.certificate_no}, {"baby_name", c.baby_name},
                                    {"baby_gend", c.baby_gend},           {"birth_date", c.birth_date},
                                    {"birth_place", c.birth_place},       {"mother_name", core::mask_name(c.mother_name)}};
  }
  return o;
}

Response ticket_response(const providers::FaceCheckTicket& ticket) {
  return Response::json(201, json::object{{"ticket", ticket.ticket},
                                          {"verify_url", ticket.verify_url},
                                          {"expires_at", iso(ticket.expires_at)}});
}

template <class F>
Response with_id(Request& request, const std::string& name, Reason missing, F&& fn) {
  auto id = path_id(request, name);
  if (!id) return fail(Error{missing}, request);
  return fn(*id);
}

}  // namespace

void add_family_routes(Router& router, ApiDeps& deps, services::FamilyService& family) {
  // --- lists -------------------------------------------------------------------------------
  router.get("/api/v1/me/family/members", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      json::array active, past;
      for (const auto& v : family.members(p.subject_id)) {
        (v.row.status == "active" ? active : past).push_back(binding_json(v, p.subject_id));
      }
      return Response::json(200, json::object{{"active", std::move(active)}, {"past", std::move(past)}});
    });
  });

  router.get("/api/v1/me/family/holders", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      json::array items;
      for (const auto& v : family.holders(p.subject_id)) items.push_back(binding_json(v, p.subject_id));
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  // --- binding steps -----------------------------------------------------------------------
  router.post("/api/v1/me/family/bindings", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto route = required_string(*body, "route");
      if (!route) return fail(route.error(), request);
      services::StartBinding req;
      req.route = *route;
      req.channel = p.channel;
      if (*route == "id_number") {
        for (auto [field, target] : {std::pair{"name", &req.name}, std::pair{"id_number", &req.id_number},
                                     std::pair{"relation", &req.relation}}) {
          auto value = required_string(*body, field);
          if (!value) return fail(value.error(), request);
          *target = *value;
        }
      } else if (*route == "birth_certificate") {
        for (auto [field, target] : {std::pair{"mother_name", &req.mother_name},
                                     std::pair{"mother_id_number", &req.mother_id_number},
                                     std::pair{"certificate_no", &req.certificate_no}}) {
          auto value = required_string(*body, field);
          if (!value) return fail(value.error(), request);
          *target = *value;
        }
        req.relation = optional_string(*body, "relation").value_or("");
      } else {
        return fail(Error{Reason::FAMILY_ROUTE_INVALID, {}, "route"}, request);
      }
      auto view = family.start(p.subject_id, req);
      if (!view) return fail(view.error(), request);
      return Response::json(201, binding_json(*view, p.subject_id));
    });
  });

  router.get("/api/v1/me/family/bindings/{id}", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto view = family.binding(p.subject_id, id);
        if (!view) return fail(view.error(), request);
        return Response::json(200, binding_json(*view, p.subject_id));
      });
    });
  });

  router.get("/api/v1/me/family/bindings/{id}/commitment.pdf", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto pdf = family.commitment_pdf(p.subject_id, id);
        if (!pdf) return fail(pdf.error(), request);
        Response r = Response::text(200, std::move(*pdf), "application/pdf");
        r.headers.emplace_back("Content-Disposition", "inline; filename=\"commitment.pdf\"");
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
    });
  });

  router.post("/api/v1/me/family/bindings/{id}/sign", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto body = parse_json_object(request);
        if (!body) return fail(body.error(), request);
        auto sha = required_string(*body, "document_sha256");
        if (!sha) return fail(sha.error(), request);
        if (auto st = family.sign(p.subject_id, id, *sha, p.channel); !st) return fail(st.error(), request);
        return Response::json(200, json::object{{"status", "signed"}, {"document_sha256", *sha}});
      });
    });
  });

  router.post("/api/v1/me/family/bindings/{id}/notice", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto body = parse_json_object(request);
        if (!body) return fail(body.error(), request);
        const auto* accepted = body->if_contains("accepted");
        if (accepted == nullptr || !accepted->is_bool() || !accepted->as_bool()) {
          return fail(Error{Reason::FAMILY_NOTICE_NOT_ACCEPTED, {}, "accepted"}, request);
        }
        if (auto st = family.accept_notice(p.subject_id, id, p.channel); !st) return fail(st.error(), request);
        return Response::json(200, json::object{{"status", "accepted"}});
      });
    });
  });

  // The raw image body: a little over the upload limit is read so the service can name the
  // reason (FAMILY_UPLOAD_TOO_LARGE); anything larger is refused by the server unread (413).
  router.add(Route{"PUT", "/api/v1/me/family/bindings/{id}/uploads/{side}",
                   [&deps, &family](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
                         std::string type(request.header("Content-Type"));
                         if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
                         if (auto st = family.upload(p.subject_id, id, request.path_param("side"), type, request.body); !st) {
                           return fail(st.error(), request);
                         }
                         auto view = family.binding(p.subject_id, id);
                         if (!view) return fail(view.error(), request);
                         return Response::json(200, binding_json(*view, p.subject_id));
                       });
                     });
                   },
                   Exec::worker, services::kFamilyUploadMaxBytes + 1});

  router.post("/api/v1/me/family/bindings/{id}/face-checks", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto ticket = family.start_face_check(p.subject_id, id, p.channel);
        if (!ticket) return fail(ticket.error(), request);
        return ticket_response(*ticket);
      });
    });
  });

  router.post("/api/v1/me/family/bindings/{id}/complete", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
        auto view = family.complete(p.subject_id, id);
        if (!view) return fail(view.error(), request);
        return Response::json(200, binding_json(*view, p.subject_id));
      });
    });
  });

  // --- one member ----------------------------------------------------------------------------
  router.get("/api/v1/me/family/members/{member_id}/diagnose", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto d = family.diagnose(p.subject_id, member, query_param(request, "institution_admdvs"));
        json::array use, bind;
        for (const auto& e : d.use_blockers) use.push_back(reason_json(e));
        for (const auto& e : d.binding_blockers) bind.push_back(reason_json(e));
        return Response::json(200, json::object{{"member_id", member},
                                                {"bound", d.bound},
                                                {"usable", d.use_blockers.empty()},
                                                {"blockers", std::move(use)},
                                                {"binding_blockers", std::move(bind)}});
      });
    });
  });

  router.add(Route{"DELETE", "/api/v1/me/family/members/{member_id}", [&deps, &family](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
                         if (auto st = family.unbind_by_holder(p.subject_id, member); !st) return fail(st.error(), request);
                         return Response::json(200, json::object{{"status", "unbound"}, {"unbind_reason", "holder_request"}});
                       });
                     });
                   }});

  router.add(Route{"DELETE", "/api/v1/me/family/holders/{binding_id}", [&deps, &family](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       return with_id(request, "binding_id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
                         if (auto st = family.unbind_by_member(p.subject_id, id); !st) return fail(st.error(), request);
                         return Response::json(200, json::object{{"status", "unbound"}, {"unbind_reason", "member_request"}});
                       });
                     });
                   }});

  auto pin_of = [](const Request& request) -> core::Result<std::string> {
    auto body = parse_json_object(request);
    if (!body) return body.error();
    return required_string(*body, "pin");
  };

  router.post("/api/v1/me/family/members/{member_id}/credential/activate", [&deps, &family, pin_of](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto pin = pin_of(request);
        if (!pin) return fail(pin.error(), request);
        if (auto st = family.activate_member_credential(p.subject_id, member, p.channel, *pin); !st) {
          return fail(st.error(), request);
        }
        return Response::json(200, json::object{{"status", "active"}});
      });
    });
  });

  router.add(Route{"PUT", "/api/v1/me/family/members/{member_id}/pin", [&deps, &family, pin_of](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
                         auto pin = pin_of(request);
                         if (!pin) return fail(pin.error(), request);
                         if (auto st = family.set_member_pin(p.subject_id, member, *pin); !st) return fail(st.error(), request);
                         return Response::json(200, json::object{{"status", "set"}});
                       });
                     });
                   }});

  router.post("/api/v1/me/family/members/{member_id}/pin/reset", [&deps, &family, pin_of](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto pin = pin_of(request);
        if (!pin) return fail(pin.error(), request);
        if (auto st = family.reset_member_pin(p.subject_id, member, *pin); !st) return fail(st.error(), request);
        return Response::json(200, json::object{{"status", "reset"}});
      });
    });
  });

  router.post("/api/v1/me/family/members/{member_id}/code", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto code = deps.codes.issue_for_member(p.subject_id, member);
        if (!code) return fail(code.error(), request);
        return code_response(*code, request, true);
      });
    });
  });

  router.get("/api/v1/me/family/members/{member_id}/code.png", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto token = query_param(request, "token");
        if (!token) return fail(Error{Reason::FIELD_MISSING, "token", "token"}, request);
        // Only a still valid code of this member that this holder showed is drawn.
        auto claims = deps.ctx.codes.verify(*token, deps.ctx.clock.now(), services::kMaxCodeTtl);
        if (!claims) return fail(claims.error(), request);
        auto theirs = deps.ctx.db.read([&](store::Tx& tx) { return store::CredentialRepo::for_person(tx, member); });
        if (!theirs || theirs->id != claims->credential_id || claims->shown_by_person_id != p.subject_id) {
          return fail(Error{Reason::QR_FOREIGN}, request);
        }
        auto png = qr::render_png(*token);
        if (!png) return fail(png.error(), request);
        Response r = Response::text(200, std::move(*png), "image/png");
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
    });
  });

  router.get("/api/v1/me/family/members/{member_id}/contributions", [&deps, &family](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return with_id(request, "member_id", Reason::FAMILY_NOT_BOUND, [&](std::int64_t member) {
        auto rows = family.member_contributions(p.subject_id, member, deps.contributions);
        if (!rows) return fail(rows.error(), request);
        json::array items;
        for (const auto& v : *rows) {
          json::object o{{"receipt_no", v.row.receipt_no}, {"insutype", v.row.insutype}, {"admdvs", v.row.admdvs},
                         {"year", v.row.year},             {"paid_from", v.row.paid_from}, {"paid_at", iso_us(v.row.paid_at_us)},
                         {"payer_name", core::mask_name(v.payer_name)}};
          put_money(o, "amount", v.row.amount);
          items.push_back(std::move(o));
        }
        return Response::json(200, json::object{{"items", std::move(items)}});
      });
    });
  });

  // --- agency ----------------------------------------------------------------------------------
  router.get("/api/agency/v1/persons/{psn_no}/family-bindings", [&deps, &family](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto subject = deps.agency.person(staff, request.path_param("psn_no"), "family_bindings");  // region check, audited
      if (!subject) return fail(subject.error(), request);
      json::array items;
      for (const auto& v : family.bindings_of(subject->person.id)) {
        auto o = binding_json(v, subject->person.id);
        if (v.row.unbound_by.starts_with("staff:")) o["unbound_by"] = v.row.unbound_by;
        items.push_back(std::move(o));
      }
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.post("/api/agency/v1/persons/{psn_no}/family-bindings/{binding_id}/force-unbind",
              [&deps, &family](Request& request) {
                return as_staff(deps, request, [&](const store::StaffRow& staff) {
                  return with_id(request, "binding_id", Reason::FAMILY_BINDING_NOT_FOUND, [&](std::int64_t id) {
                    auto body = parse_json_object(request);
                    if (!body) return fail(body.error(), request);
                    const std::string note = optional_string(*body, "note").value_or("");
                    if (auto st = family.force_unbind(staff, request.path_param("psn_no"), id, note); !st) {
                      return fail(st.error(), request);
                    }
                    return Response::json(200, json::object{{"status", "unbound"}, {"unbind_reason", "system_forced"}});
                  });
                });
              });
}

}  // namespace yibao::http::api
