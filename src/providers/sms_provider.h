#pragma once
// The SMS gateway (短信) by an external provider (domain.md §2): verification codes and notices
// to a person's mobile phone.
//
// Errors: SMS_PROVIDER_UNAVAILABLE (503) is temporary — the gateway could not be reached or
// failed; the caller may retry (sms_retryable()). SMS_REJECTED (422) is permanent — the gateway
// refused this message (e.g. a number that cannot receive SMS); retrying does not help.
//
// The text may hold a verification code: implementations never log it, and callers must not
// either. Implementations: SmsSimulator (local, development and tests; writes a log file) and
// SmsHttpClient (a real gateway over HTTP, contract in docs/providers/sms.md). Both are safe
// to call from many threads.

#include <string>

#include "core/result.h"

namespace yibao::providers {

struct SmsMessage {
  std::string phone;          // mainland mobile number, 11 digits, already validated by the caller
  std::string template_code;  // the gateway's template id, e.g. "VERIFY_CODE"
  std::string text;           // the rendered text; a secret when it carries a code
};

class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  // OK once the gateway accepted the message. FIELD_MISSING for a message validate_message()
  // refuses; SMS_PROVIDER_UNAVAILABLE; SMS_REJECTED.
  virtual core::Status send(const SmsMessage& message) = 0;
};

// FIELD_MISSING (field "phone", "template_code" or "text") for an empty field.
core::Status validate_message(const SmsMessage& message);

// Whether a failed send may be retried: only SMS_PROVIDER_UNAVAILABLE.
bool sms_retryable(const core::Error& error);

}  // namespace yibao::providers
