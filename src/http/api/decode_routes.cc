#include "http/api/decode_routes.h"

#include "http/api/api_support.h"
#include "services/institution_auth.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

Response wrapper_error(const Error& error, const Request& request, const std::string& org_id) {
  const auto& info = core::info(error.reason);
  json::object body;
  body["code"] = -1;
  body["message"] = info.message;
  body["err_code"] = info.code;
  body["remedy"] = info.remedy;
  if (!error.detail.empty()) body["detail"] = error.detail;
  body["orgId"] = org_id;
  body["data"] = nullptr;
  body["request_id"] = request.request_id;
  const bool auth = error.reason == Reason::INSTITUTION_AUTH_FAILED || error.reason == Reason::INSTITUTION_TIMESTAMP_STALE ||
                    error.reason == Reason::INSTITUTION_NONCE_REUSED;
  return Response::json(auth ? 401 : 200, body);
}

// "1980-05-17" -> "1980.05.17", the decode's birthday format.
std::string dotted(std::string date) {
  for (auto& c : date) {
    if (c == '-') c = '.';
  }
  return date;
}

}  // namespace

services::TifHeaders tif_headers(const Request& request) {
  return services::TifHeaders{std::string(request.header("x-tif-paasid")), std::string(request.header("x-tif-timestamp")),
                              std::string(request.header("x-tif-nonce")), std::string(request.header("x-tif-signature"))};
}

void add_decode_routes(Router& router, ApiDeps& deps) {
  router.post("/localcfc/api/hsecfc/localQrCodeQuery", [&deps](Request& request) {
    auto verified = services::verify_institution(deps.ctx, tif_headers(request));
    if (!verified) return wrapper_error(verified.error(), request, "");
    const store::InstitutionRow* institution = &verified->institution;
    services::TifNonce& nonce = verified.value().nonce;
    // The decode spends the nonce in its own transaction; any answer before it spends it here.
    const auto refuse = [&](const Error& e, const std::string& org) {
      if (auto spent = services::spend_tif_nonce(deps.ctx, nonce); !spent) return wrapper_error(spent.error(), request, org);
      return wrapper_error(e, request, org);
    };
    auto body = parse_json_object(request);
    if (!body) return refuse(body.error(), institution->code);
    const std::string org_id = optional_string(*body, "orgId").value_or(institution->code);
    auto trans_type = required_string(*body, "transType");
    if (!trans_type) return refuse(trans_type.error(), org_id);
    if (*trans_type != "ec.query") return refuse(Error{Reason::TRANS_TYPE_UNSUPPORTED, *trans_type, "transType"}, org_id);
    const auto* data = body->if_contains("data");
    if (data == nullptr || !data->is_object()) return refuse(Error{Reason::FIELD_MISSING, "data", "data"}, org_id);
    const auto& in = data->as_object();
    services::DecodeRequest req;
    for (auto [field, target] : {std::pair{"ecQrCode", &req.ec_qr_code}, std::pair{"businessType", &req.business_type},
                                 std::pair{"operatorId", &req.operator_id}, std::pair{"operatorName", &req.operator_name}}) {
      auto value = required_string(in, field);
      if (!value) return refuse(value.error(), org_id);
      *target = *value;
    }
    req.office_id = optional_string(in, "officeId").value_or("");
    req.office_name = optional_string(in, "officeName").value_or("");
    req.device_type = optional_string(in, "deviceType").value_or("");

    auto decoded = deps.codes.decode(*institution, req, &nonce);
    if (!decoded) return refuse(decoded.error(), org_id);
    if (auto spent = services::spend_tif_nonce(deps.ctx, nonce); !spent) return wrapper_error(spent.error(), request, org_id);
    const auto& person = decoded->person;
    json::object out;
    out["idNo"] = person.id_number;
    out["idType"] = "01";
    out["userName"] = person.name;
    out["ecToken"] = decoded->ec_token;
    out["insuOrg"] = decoded->insured_admdvs;
    out["ecIndexNo"] = decoded->ec_index_no;
    out["gender"] = person.gend == "1" ? "男" : "女";
    out["birthday"] = dotted(person.birth_date);
    out["nationality"] = "中国";
    out["email"] = "";
    out["extData"] = json::object{{"psnNo", person.psn_no},
                                  {"shownBy", decoded->shown_by_family ? "family" : "self"},
                                  {"businessType", req.business_type}};
    json::object wrapper;
    wrapper["code"] = 0;
    wrapper["message"] = "成功";
    wrapper["orgId"] = org_id;
    wrapper["data"] = json::serialize(out);  // double-encoded, as clients expect
    return Response::json(200, wrapper);
  });
}

}  // namespace yibao::http::api
