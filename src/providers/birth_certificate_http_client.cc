#include "providers/birth_certificate_http_client.h"

#include <string>
#include <string_view>
#include <utility>

#include <boost/json/value.hpp>

#include "core/clock.h"

namespace yibao::providers {
namespace {

namespace json = boost::json;
using core::Reason;

// A string field that may be absent or null (read as empty).
bool optional_string(const json::object& object, std::string_view key, std::string& out) {
  const auto* value = object.if_contains(key);
  if (!value || value->is_null()) return true;
  const auto* text = value->if_string();
  if (!text) return false;
  out = std::string(*text);
  return true;
}

}  // namespace

BirthCertificateHttpClient::BirthCertificateHttpClient(const BirthCertificateHttpConfig& config)
    : caller_(config, Reason::BIRTH_CERTIFICATE_PROVIDER_UNAVAILABLE, "出生医学证明查询服务") {}

core::Result<BirthCertificate> BirthCertificateHttpClient::lookup(const BirthCertificateQuery& query) {
  if (auto valid = validate_query(query); !valid) return valid.error();
  const auto number = *normalize_certificate_no(query.certificate_no);
  const std::string path = "/v1/birth-certificates/" + percent_encode(number) +
                           "?mother_id_number=" + percent_encode(query.mother_id_number) +
                           "&mother_name=" + percent_encode(query.mother_name);
  auto reply = caller_.call(HttpMethod::get, path);
  if (!reply) return reply.error();
  if (reply->status == 404) return Reason::BIRTH_CERTIFICATE_NOT_FOUND;
  if (reply->status == 409) return Reason::BIRTH_CERTIFICATE_MOTHER_MISMATCH;
  if (reply->status != 200) return caller_.unexpected_status(reply->status);

  auto object = caller_.parse_object(reply->body);
  if (!object) return object.error();
  BirthCertificate out;
  const std::pair<std::string_view, std::string*> fields[] = {{"certificate_no", &out.certificate_no},
                                                              {"baby_name", &out.baby_name},
                                                              {"baby_id_number", &out.baby_id_number},
                                                              {"baby_gend", &out.baby_gend},
                                                              {"birth_date", &out.birth_date},
                                                              {"birth_place", &out.birth_place},
                                                              {"mother_name", &out.mother_name},
                                                              {"mother_id_number", &out.mother_id_number},
                                                              {"father_name", &out.father_name}};
  for (const auto& [key, field] : fields) {
    if (!optional_string(*object, key, *field)) return caller_.unavailable("返回的 " + std::string(key) + " 不是字符串");
  }
  // The reply must be the certificate asked for, of the mother asked about.
  if (normalize_certificate_no(out.certificate_no) != number) {
    return caller_.unavailable("返回的 certificate_no 缺失或与查询的不一致");
  }
  if (!id_numbers_equal(out.mother_id_number, query.mother_id_number)) {
    return caller_.unavailable("返回的 mother_id_number 缺失或与查询的不一致");
  }
  if (out.baby_gend != "1" && out.baby_gend != "2") return caller_.unavailable("返回的 baby_gend 应为 \"1\" 或 \"2\"");
  if (!core::parse_date(out.birth_date).ok()) return caller_.unavailable("返回的 birth_date 不是 yyyy-MM-dd 日期");
  out.certificate_no = number;
  return out;
}

}  // namespace yibao::providers
