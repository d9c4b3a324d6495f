#include "http/api/registration_routes.h"

#include "core/id_number.h"
#include "services/registration_service.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

}  // namespace

void add_registration_routes(Router& router, ApiDeps& deps) {
  router.post("/api/agency/v1/persons", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      services::PersonRegistration r;
      r.name = optional_string(*body, "name").value_or("");
      r.id_number = optional_string(*body, "id_number").value_or("");
      if (r.id_number.empty()) return fail(Error{Reason::FIELD_MISSING, "请填写身份证号码", "id_number"}, request);
      r.phone = optional_string(*body, "phone").value_or("");
      r.household_admdvs = optional_string(*body, "household_admdvs").value_or("");
      r.duplicate_reason = optional_string(*body, "duplicate_reason").value_or("");
      auto person = services::RegistrationService(deps.ctx).register_person(staff, r);
      if (!person) return fail(person.error(), request);
      return Response::json(201, json::object{{"psn_no", person->psn_no},
                                              {"name", person->name},
                                              {"id_number_masked", core::mask_id_number(person->id_number)},
                                              {"gend", person->gend},
                                              {"birth_date", person->birth_date}});
    });
  });

  router.post("/api/agency/v1/persons/{psn_no}/enrolments", [&deps](Request& request) {
    return as_staff(deps, request, [&](const store::StaffRow& staff) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      services::EnrolmentRegistration r;
      r.insutype = optional_string(*body, "insutype").value_or("");
      r.psn_type = optional_string(*body, "psn_type").value_or("");
      r.admdvs = optional_string(*body, "admdvs").value_or("");
      r.start_date = optional_string(*body, "start_date").value_or("");
      r.emp_name = optional_string(*body, "emp_name").value_or("");
      if (const auto* v = body->if_contains("during_collection")) {
        if (!v->is_bool()) return fail(Error{Reason::FIELD_INVALID, "during_collection 须为 true 或 false", "during_collection"}, request);
        r.during_collection = v->as_bool();
      }
      for (auto [field, value] : {std::pair{"insutype", &r.insutype}, std::pair{"psn_type", &r.psn_type},
                                  std::pair{"admdvs", &r.admdvs}}) {
        if (value->empty()) return fail(Error{Reason::FIELD_MISSING, field, field}, request);
      }
      auto enrolment = services::RegistrationService(deps.ctx).add_enrolment(staff, request.path_param("psn_no"), r);
      if (!enrolment) return fail(enrolment.error(), request);
      return Response::json(201, json::object{{"id", enrolment->id},
                                              {"insutype", enrolment->insutype},
                                              {"psn_type", enrolment->psn_type},
                                              {"admdvs", enrolment->admdvs},
                                              {"start_date", enrolment->start_date},
                                              {"benefits_from", enrolment->benefits_from},
                                              {"is_current", enrolment->is_current}});
    });
  });
}

}  // namespace yibao::http::api
