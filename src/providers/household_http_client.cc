#include "providers/household_http_client.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace yibao::providers {

namespace json = boost::json;
using core::Reason;

HouseholdHttpClient::HouseholdHttpClient(const HouseholdHttpConfig& config)
    : caller_(config, Reason::HOUSEHOLD_PROVIDER_UNAVAILABLE, "户籍信息核验服务") {}

core::Result<HouseholdCheckResult> HouseholdHttpClient::check(const HouseholdCheckRequest& request) {
  if (auto valid = validate_request(request); !valid) return valid.error();
  const json::object body{{"holder_id_number", request.holder_id_number},
                          {"holder_name", request.holder_name},
                          {"member_id_number", request.member_id_number},
                          {"member_name", request.member_name},
                          {"relation", to_string(request.relation)},
                          {"holder_page_sha256", request.holder_page_sha256},
                          {"member_page_sha256", request.member_page_sha256}};
  auto reply = caller_.call(HttpMethod::post, "/v1/household-checks", json::serialize(body));
  if (!reply) return reply.error();
  if (reply->status != 200) return caller_.unexpected_status(reply->status);

  auto object = caller_.parse_object(reply->body);
  if (!object) return object.error();
  const auto* verdict_text = string_field(*object, "verdict");
  const auto verdict = verdict_text ? household_verdict_from_string(*verdict_text) : std::nullopt;
  if (!verdict) return caller_.unavailable("返回的 verdict 缺失或未知");

  HouseholdCheckResult out;
  out.verdict = *verdict;
  if (const auto* recorded = object->if_contains("recorded_relation"); recorded && !recorded->is_null()) {
    const auto* text = recorded->if_string();
    const auto relation = text ? relation_from_string(*text) : std::nullopt;
    if (!relation) return caller_.unavailable("返回的 recorded_relation 不是已知的亲属关系");
    out.recorded_relation = *relation;
  }
  // A confirmation of another relation than the one asked about is off the contract: never
  // read it as a confirmation.
  if (out.verdict == HouseholdVerdict::confirmed && out.recorded_relation &&
      *out.recorded_relation != request.relation) {
    return caller_.unavailable("返回的确认结果与所查询的亲属关系不一致");
  }
  return out;
}

}  // namespace yibao::providers
