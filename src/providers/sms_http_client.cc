#include "providers/sms_http_client.h"

#include <string>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace yibao::providers {
namespace {

using core::Error;
using core::Reason;

// 4xx statuses that say nothing about the message: credentials, proxy, timeout, rate limit.
bool temporary_client_status(unsigned status) {
  return status == 401 || status == 403 || status == 407 || status == 408 || status == 429;
}

}  // namespace

SmsHttpClient::SmsHttpClient(const SmsHttpConfig& config)
    : caller_(config, Reason::SMS_PROVIDER_UNAVAILABLE, "短信服务") {}

core::Status SmsHttpClient::send(const SmsMessage& message) {
  if (auto valid = validate_message(message); !valid) return valid;
  const boost::json::object body{
      {"phone", message.phone}, {"template_code", message.template_code}, {"text", message.text}};
  auto reply = caller_.call(HttpMethod::post, "/v1/messages", boost::json::serialize(body));
  if (!reply) return reply.error();
  const unsigned status = reply->status;
  if (status / 100 == 2) return core::Status::Ok();
  if (status / 100 == 4 && !temporary_client_status(status)) {
    return Error{Reason::SMS_REJECTED, "短信服务拒绝发送（HTTP " + std::to_string(status) + "）"};
  }
  return caller_.unexpected_status(status);
}

}  // namespace yibao::providers
