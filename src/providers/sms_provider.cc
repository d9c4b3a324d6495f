#include "providers/sms_provider.h"

namespace yibao::providers {

using core::Error;
using core::Reason;

core::Status validate_message(const SmsMessage& message) {
  if (message.phone.empty()) return Error{Reason::FIELD_MISSING, {}, "phone"};
  if (message.template_code.empty()) return Error{Reason::FIELD_MISSING, {}, "template_code"};
  if (message.text.empty()) return Error{Reason::FIELD_MISSING, {}, "text"};
  return core::Status::Ok();
}

bool sms_retryable(const core::Error& error) { return error.reason == Reason::SMS_PROVIDER_UNAVAILABLE; }

}  // namespace yibao::providers
