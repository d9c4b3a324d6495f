#include "http/api/citizen_routes.h"

#include <algorithm>
#include <cstdlib>

#include "core/clock.h"
#include "http/api/api_support.h"
#include "http/api/views.h"
#include "qr/qr_image.h"
#include "store/credential_repo.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;
using services::SubjectKind;


Response session_response(unsigned status, const services::IssuedSession& session) {
  return Response::json(status, json::object{{"token", session.token}, {"expires_at", iso(session.expires_at)}});
}

Response ticket_response(const providers::FaceCheckTicket& ticket) {
  return Response::json(201, json::object{{"ticket", ticket.ticket},
                                          {"verify_url", ticket.verify_url},
                                          {"expires_at", iso(ticket.expires_at)}});
}

std::optional<providers::FacePurpose> public_purpose(const std::string& text) {
  auto purpose = providers::face_purpose_from_string(text);
  if (purpose == providers::FacePurpose::activation || purpose == providers::FacePurpose::login) return purpose;
  return std::nullopt;
}

Response me(ApiDeps& deps, const services::Principal& p, const Request& request) {
  const auto today = core::shanghai_date(deps.ctx.clock.now());
  auto view = deps.ctx.db.read([&](store::Tx& tx) -> std::optional<json::object> {
    auto s = services::load_subject(tx, p.subject_id, today, services::now_us(deps.ctx.clock), false);
    if (!s) return std::nullopt;
    const auto channels = store::CredentialRepo::channels(tx, s->credential.id);
    auto o = person_view(*s, channels, deps.ctx.regions, today, Audience::citizen);
    o["session_channel"] = p.channel;
    return o;
  });
  if (!view) return fail(Error{Reason::PERSON_UNKNOWN}, request);
  return Response::json(200, *view);
}

}  // namespace

void add_citizen_routes(Router& router, ApiDeps& deps) {
  router.post("/api/v1/face-checks", [&deps](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return fail(body.error(), request);
    auto id_number = required_string(*body, "id_number");
    if (!id_number) return fail(id_number.error(), request);
    auto name = required_string(*body, "name");
    if (!name) return fail(name.error(), request);
    auto purpose_text = required_string(*body, "purpose");
    if (!purpose_text) return fail(purpose_text.error(), request);
    auto purpose = public_purpose(*purpose_text);
    if (!purpose) return fail(Error{Reason::FIELD_INVALID, "purpose 须为 activation 或 login", "purpose"}, request);
    auto ticket = deps.credentials.start_face_check(channel_of(request), *id_number, *name, *purpose);
    if (!ticket) return fail(ticket.error(), request);
    return ticket_response(*ticket);
  });

  router.post("/api/v1/me/face-checks", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto purpose_text = required_string(*body, "purpose");
      if (!purpose_text) return fail(purpose_text.error(), request);
      if (*purpose_text != "pin_reset") return fail(Error{Reason::FIELD_INVALID, "purpose 须为 pin_reset", "purpose"}, request);
      auto ticket = deps.credentials.start_own_face_check(p.subject_id, p.channel, providers::FacePurpose::pin_reset);
      if (!ticket) return fail(ticket.error(), request);
      return ticket_response(*ticket);
    });
  });

  router.post("/api/v1/credential/activate", [&deps](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return fail(body.error(), request);
    services::ActivateRequest req;
    req.channel = channel_of(request);
    for (auto [field, target] : {std::pair{"id_number", &req.id_number}, std::pair{"name", &req.name},
                                 std::pair{"face_ticket", &req.face_ticket}, std::pair{"pin", &req.pin}}) {
      auto value = required_string(*body, field);
      if (!value) return fail(value.error(), request);
      *target = *value;
    }
    req.phone = optional_string(*body, "phone");
    req.login_password = optional_string(*body, "login_password");
    auto result = deps.credentials.activate(req);
    if (!result) return fail(result.error(), request);
    return Response::json(201, json::object{{"psn_no", result->psn_no},
                                            {"first_activation", result->first_activation},
                                            {"token", result->session.token},
                                            {"expires_at", iso(result->session.expires_at)}});
  });

  router.post("/api/v1/sessions", [&deps](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return fail(body.error(), request);
    auto method = required_string(*body, "method");
    if (!method) return fail(method.error(), request);
    if (*method == "account") {
      auto phone = required_string(*body, "phone");
      if (!phone) return fail(phone.error(), request);
      auto password = required_string(*body, "password");
      if (!password) return fail(password.error(), request);
      auto session = deps.credentials.login_with_account(channel_of(request), *phone, *password);
      if (!session) return fail(session.error(), request);
      return session_response(201, *session);
    }
    if (*method == "face") {
      std::string values[3];
      const char* fields[3] = {"id_number", "name", "face_ticket"};
      for (int i = 0; i < 3; ++i) {
        auto value = required_string(*body, fields[i]);
        if (!value) return fail(value.error(), request);
        values[i] = *value;
      }
      auto session = deps.credentials.login_with_face(channel_of(request), values[0], values[1], values[2]);
      if (!session) return fail(session.error(), request);
      return session_response(201, *session);
    }
    return fail(Error{Reason::FIELD_INVALID, "method 须为 account 或 face", "method"}, request);
  });

  router.add(Route{"DELETE", "/api/v1/sessions/current", [&deps](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       deps.sessions.logout(p);
                       return Response::json(200, json::object{{"status", "logged_out"}});
                     });
                   }});

  router.get("/api/v1/me", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) { return me(deps, p, request); });
  });

  router.get("/api/v1/me/enrolments", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      const auto today = core::shanghai_date(deps.ctx.clock.now());
      auto rows = deps.ctx.db.read([&](store::Tx& tx) { return store::PeopleRepo::enrolments_of(tx, p.subject_id); });
      json::array items;
      for (const auto& row : rows) items.push_back(enrolment_view(row, deps.ctx.regions, today));
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.post("/api/v1/me/enrolments/{id}/current", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      const auto id = path_id(request, "id");
      if (!id) return fail(Error{Reason::ENROLMENT_NOT_FOUND}, request);
      if (auto st = deps.credentials.switch_enrolment(p.subject_id, *id); !st) return fail(st.error(), request);
      return me(deps, p, request);
    });
  });

  router.post("/api/v1/me/pin/verify", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto pin = required_string(*body, "pin");
      if (!pin) return fail(pin.error(), request);
      if (auto st = deps.credentials.verify_pin(p.subject_id, *pin); !st) return fail(st.error(), request);
      return Response::json(200, json::object{{"verified", true}});
    });
  });

  router.post("/api/v1/me/pin/reset", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto ticket = required_string(*body, "face_ticket");
      if (!ticket) return fail(ticket.error(), request);
      auto pin = required_string(*body, "new_pin");
      if (!pin) return fail(pin.error(), request);
      if (auto st = deps.credentials.reset_pin(p.subject_id, *ticket, *pin); !st) return fail(st.error(), request);
      return Response::json(200, json::object{{"status", "pin_reset"}});
    });
  });

  router.add(Route{"DELETE", "/api/v1/me/channels/{channel}", [&deps](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       const std::string channel = request.path_param("channel");
                       if (auto st = deps.credentials.remove_channel(p.subject_id, channel); !st) {
                         return fail(st.error(), request);
                       }
                       return Response::json(200, json::object{{"status", "removed"}, {"channel", channel}});
                     });
                   }});

  router.post("/api/v1/me/code", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto code = deps.codes.issue_own(p.subject_id);
      if (!code) return fail(code.error(), request);
      return code_response(*code, request);
    });
  });

  router.get("/api/v1/me/code.png", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto token = query_param(request, "token");
      if (!token) return fail(Error{Reason::FIELD_MISSING, "token", "token"}, request);
      // Only the person's own, still valid code is drawn: the image endpoint is no decoder.
      auto claims = deps.ctx.codes.verify(*token, deps.ctx.clock.now(), services::kMaxCodeTtl);
      if (!claims) return fail(claims.error(), request);
      auto mine = deps.ctx.db.read([&](store::Tx& tx) { return store::CredentialRepo::for_person(tx, p.subject_id); });
      if (!mine || mine->id != claims->credential_id) return fail(Error{Reason::QR_FOREIGN}, request);
      auto png = qr::render_png(*token);
      if (!png) return fail(png.error(), request);
      Response r = Response::text(200, std::move(*png), "image/png");
      r.headers.emplace_back("Cache-Control", "no-store");
      return r;
    });
  });

  router.get("/api/v1/me/decodes", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      json::array items;
      for (const auto& row : deps.codes.decodes_of(p.subject_id)) items.push_back(decode_view(row));
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.get("/api/v1/me/account", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      const std::string which = query_param(request, "which").value_or("current");
      if (which != "current" && which != "prior") {
        return fail(Error{Reason::FIELD_INVALID, "which 须为 current（当年）或 prior（历年）", "which"}, request);
      }
      long long before = 0;
      int limit = 20;
      if (auto text = query_param(request, "before")) before = std::atoll(text->c_str());
      if (auto text = query_param(request, "limit")) limit = std::clamp(std::atoi(text->c_str()), 1, 100);
      const auto statement = deps.accounts.statement(p.subject_id, which, limit, before);
      json::object o;
      o["has_account"] = statement.has_account;
      put_money(o, "current", statement.balances.current);
      put_money(o, "prior", statement.balances.prior);
      put_money(o, "total", statement.balances.current + statement.balances.prior);
      o["which"] = which;
      json::array entries;
      for (const auto& e : statement.entries) {
        json::object item;
        item["id"] = e.entry_id;
        item["kind"] = e.transfer_kind;
        item["note"] = e.note;
        item["rule"] = e.rule;
        item["reference"] = e.reference;
        put_money(item, "amount", e.amount);
        item["at"] = iso_us(e.created_at_us);
        entries.push_back(std::move(item));
      }
      o["next_before"] = statement.entries.size() == static_cast<std::size_t>(limit) ? json::value(statement.entries.back().entry_id)
                                                                                    : json::value(nullptr);
      o["entries"] = std::move(entries);
      return Response::json(200, o);
    });
  });

  router.get("/api/v1/regions/{admdvs}", [&deps](Request& request) {
    auto code = deps.ctx.regions.resolve(request.path_param("admdvs"));
    if (!code) return fail(code.error(), request);
    const auto* region = deps.ctx.regions.lookup(*code);
    return Response::json(200, json::object{{"admdvs", code->value()},
                                            {"name", region->name},
                                            {"full_name", region->full_name},
                                            {"province_name", region->province_name},
                                            {"city_name", region->city_name}});
  }, Exec::io_thread);
}

void add_simulator_routes(Router& router, ApiDeps& deps) {
  if (deps.face_simulator == nullptr) return;
  router.post("/sim/face-checks/{ticket}/complete", [&deps](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return fail(body.error(), request);
    auto sample = required_string(*body, "sample");
    if (!sample) return fail(sample.error(), request);
    if (auto st = deps.face_simulator->complete(request.path_param("ticket"), *sample); !st) return fail(st.error(), request);
    return Response::json(200, json::object{{"status", "completed"}, {"sample", *sample}});
  });
}

}  // namespace yibao::http::api
