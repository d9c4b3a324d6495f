#include "http/api/drug_trace_routes.h"

#include "http/api/api_support.h"
#include "services/drug_trace.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;

const char* status_label(const std::string& status) {
  if (status == "reversed") return "已撤销结算";
  if (status == "returned") return "已退货";
  return "已销售";
}

json::object report_json(const services::TraceReport& r) {
  json::array sales;
  for (const auto& s : r.sales) {
    sales.push_back(json::object{{"sold_on", s.sold_on},
                                 {"institution_name", s.institution_name},
                                 {"split", s.split},
                                 {"status", s.status},
                                 {"status_label", status_label(s.status)}});
  }
  std::string verdict;
  if (r.count.flagged) {
    verdict = "该药盒已被销售 " + std::to_string(r.count.whole_box_sales) +
              " 次，可能为回流药。请勿购买或使用，可拨打 12393 医保服务热线举报";
  } else if (r.count.whole_box_sales == 1) {
    verdict = "该药盒已销售 1 次，如是您本人购买，属正常";
  } else if (r.count.split_sales > 0) {
    verdict = "该药盒为拆零销售，已售出 " + std::to_string(r.count.split_sales) + " 次";
  } else {
    verdict = "该追溯码尚无销售记录";
  }
  return json::object{{"code", r.code},
                      {"whole_box_sales", r.count.whole_box_sales},
                      {"split_sales", r.count.split_sales},
                      {"flagged", r.count.flagged},
                      {"verdict", verdict},
                      {"sales", sales}};
}

}  // namespace

void add_drug_trace_routes(Router& router, ApiDeps& deps) {
  router.get("/api/v1/drug-trace/{code}", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal&) {
      auto report = services::trace_report(deps.ctx.db, request.path_param("code"));
      if (!report) return fail(report.error(), request);
      return Response::json(200, report_json(*report));
    });
  });
}

}  // namespace yibao::http::api
