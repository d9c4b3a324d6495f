#include "http/api/contribution_routes.h"

#include "core/masking.h"
#include "http/api/api_support.h"
#include "http/api/views.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;


json::object contribution_view(ApiDeps& deps, const store::ContributionRow& row, const std::string& insured_name,
                               const std::string& payer_name, bool paid_by_me) {
  json::object o;
  o["receipt_no"] = row.receipt_no;
  o["insured_name"] = core::mask_name(insured_name);
  o["payer_name"] = paid_by_me ? std::string("本人") : core::mask_name(payer_name);
  o["paid_by_me"] = paid_by_me;
  o["insutype"] = row.insutype;
  o["insutype_label"] = row.insutype == "390" ? "城乡居民基本医疗保险" : "职工基本医疗保险";
  o["admdvs"] = row.admdvs;
  o["region_name"] = region_name(deps.ctx.regions, row.admdvs);
  o["year"] = row.year;
  put_money(o, "amount", row.amount);
  o["paid_from"] = row.paid_from;
  o["paid_from_label"] = services::paid_from_label(row.paid_from);
  o["paid_at"] = iso_us(row.paid_at_us);
  o["receipt_url"] = "/api/v1/me/contributions/" + row.receipt_no + "/receipt.pdf";
  return o;
}

}  // namespace

void add_contribution_routes(Router& router, ApiDeps& deps) {
  router.post("/api/v1/me/contributions", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      services::PayContribution req;
      req.payer_person_id = p.subject_id;
      req.via = p.channel;
      for (auto [field, target] : {std::pair{"id_number", &req.id_number}, std::pair{"name", &req.name},
                                   std::pair{"year", &req.year}}) {
        auto value = required_string(*body, field);
        if (!value) return fail(value.error(), request);
        *target = *value;
      }
      const std::string from = optional_string(*body, "pay_from").value_or("cash");
      if (from == "cash") {
        req.from = services::PayFrom::cash;
      } else if (from == "account") {
        req.from = services::PayFrom::account;
      } else if (from == "quota") {
        req.from = services::PayFrom::quota;
      } else {
        return fail(Error{Reason::FIELD_INVALID, "pay_from 须为 cash、account 或 quota", "pay_from"}, request);
      }
      auto row = deps.contributions.pay(req);
      if (!row) return fail(row.error(), request);
      return Response::json(201, contribution_view(deps, *row, req.name, "", true));
    });
  });

  router.get("/api/v1/me/contributions", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      store::ContributionFilter filter;
      filter.admdvs = query_param(request, "admdvs").value_or("");
      filter.insutype = query_param(request, "insutype").value_or("");
      filter.year = query_param(request, "year").value_or("");
      json::array items;
      for (const auto& v : deps.contributions.list(p.subject_id, filter)) {
        items.push_back(contribution_view(deps, v.row, v.insured_name, v.payer_name, v.paid_by_me));
      }
      return Response::json(200, json::object{{"items", std::move(items)}});
    });
  });

  router.get("/api/v1/me/contributions/{receipt_no}/receipt.pdf", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto pdf = deps.contributions.receipt_pdf(p.subject_id, request.path_param("receipt_no"));
      if (!pdf) return fail(pdf.error(), request);
      Response r = Response::text(200, std::move(*pdf), "application/pdf");
      r.headers.emplace_back("Content-Disposition", "inline; filename=\"receipt-" + request.path_param("receipt_no") + ".pdf\"");
      r.headers.emplace_back("Cache-Control", "private, no-store");
      return r;
    });
  });
}

}  // namespace yibao::http::api
