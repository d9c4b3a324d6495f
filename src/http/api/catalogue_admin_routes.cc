#include "http/api/catalogue_admin_routes.h"

#include <cmath>
#include <cstdio>

#include "services/catalogue_admin.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

json::object row_json(const store::CatalogueItem& c) {
  json::object o{{"admdvs", c.admdvs},
                 {"med_list_codg", c.med_list_codg},
                 {"name", c.name},
                 {"chrgitm_lv", c.chrgitm_lv},
                 {"med_chrgitm_type", c.med_chrgitm_type},
                 {"account_scope", c.account_scope},
                 {"begndate", c.begndate},
                 {"enddate", c.enddate ? json::value(*c.enddate) : json::value(nullptr)},
                 {"vali_flag", c.vali_flag},
                 {"updt_time", c.updt_time},
                 {"ver", c.ver}};
  if (c.price_cap_fen > 0) put_money(o, "price_cap", c.price_cap_fen);
  else o["price_cap"] = nullptr;
  return o;
}

// A JSON field as text: strings as they are, numbers as written (price_cap 12.5), true/false as 1/0.
std::string text_of(const json::object& body, const char* field) {
  const auto* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_bool()) return v->as_bool() ? "1" : "0";
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_double()) {
    // 12.5 as a JSON number: exact to the fen or refused by the field's check.
    const double cents = v->as_double() * 100;
    if (std::abs(cents - std::round(cents)) > 1e-6) return "\x01";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::round(cents) / 100);
    return buf;
  }
  return "\x01";  // an object or array: refused by the field's own check
}

}  // namespace

void add_catalogue_admin_routes(Router& router, ApiDeps& deps) {
  router.get("/api/agency/v1/catalogue", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      int page_num = 1;
      if (auto p = query_param(request, "page_num")) {
        if (p->empty() || p->size() > 6 || p->find_first_not_of("0123456789") != std::string::npos || *p == "0") {
          return fail(Error{Reason::FIELD_INVALID, "page_num 须为从 1 开始的页码", "page_num"}, request);
        }
        page_num = std::stoi(*p);
      }
      constexpr int kPageSize = 50;
      const auto page = services::CatalogueAdmin(deps.ctx).rows_of_region(staff, page_num, kPageSize);
      json::array items;
      for (const auto& c : page.rows) items.push_back(row_json(c));
      return Response::json(200, json::object{{"admdvs", staff.admdvs},
                                              {"items", items},
                                              {"total", page.record_counts},
                                              {"page_num", page_num},
                                              {"page_size", kPageSize}});
    });
  });

  router.post("/api/agency/v1/catalogue/items", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      const domain::CatalogueRowText row{text_of(*body, "med_list_codg"), text_of(*body, "name"),
                                         text_of(*body, "chrgitm_lv"),    text_of(*body, "med_chrgitm_type"),
                                         text_of(*body, "price_cap"),     text_of(*body, "account_scope"),
                                         text_of(*body, "begndate"),      text_of(*body, "enddate"),
                                         text_of(*body, "vali_flag")};
      auto saved = services::CatalogueAdmin(deps.ctx).save(staff, row);
      if (!saved) return fail(saved.error(), request);
      return Response::json(201, row_json(*saved));
    });
  });

  router.post("/api/agency/v1/catalogue/import", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      const auto outcome = services::CatalogueAdmin(deps.ctx).import_csv(staff, request.body);
      if (!outcome.errors.empty()) {
        auto body = error_body(Error{Reason::CATALOGUE_IMPORT_INVALID,
                                     std::to_string(outcome.errors.size()) + " 处错误"},
                               request.request_id);
        json::array report;
        for (const auto& e : outcome.errors) {
          report.push_back(json::object{{"line", static_cast<std::int64_t>(e.line)}, {"field", e.field}, {"message", e.message}});
        }
        body["report"] = std::move(report);
        return Response::json(400, body);
      }
      return Response::json(200, json::object{{"admdvs", staff.admdvs},
                                              {"imported", static_cast<std::int64_t>(outcome.imported)}});
    });
  });
}

}  // namespace yibao::http::api
