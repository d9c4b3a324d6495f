#pragma once
// Small helpers every endpoint group uses: reading JSON input with field-named errors, the
// channel header, bearer tokens, and rendering a Result as a response.

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "core/result.h"
#include "http/message.h"
#include "services/code_service.h"
#include "services/session_service.h"

namespace yibao::http::api {

// FIELD_MISSING (field named) when absent or empty; FIELD_INVALID when not a string.
core::Result<std::string> required_string(const boost::json::object& body, const char* field);
std::optional<std::string> optional_string(const boost::json::object& body, const char* field);

// The X-Channel header (app / wechat / alipay / bank), "" when absent.
std::string channel_of(const Request& request);
// The token of "Authorization: Bearer <token>", "" when absent.
std::string bearer_token(const Request& request);
// A query-string parameter (percent-decoded), nullopt when absent.
std::optional<std::string> query_param(const Request& request, const std::string& name);
// A positive integer id from a {name} path segment; nullopt for anything else ("", "x", "0", "-3").
std::optional<std::int64_t> path_id(const Request& request, const std::string& name);

// One rule that blocks, as a diagnosis lists it: {code, message, remedy[, detail]}.
boost::json::object reason_json(const core::Error& e);

inline Response fail(const core::Error& error, const Request& request) { return error_response(error, request.request_id); }

// Authenticates the request as a person or staff member, or the error response to send.
core::Result<services::Principal> authenticate(services::SessionService& sessions, const Request& request,
                                               services::SubjectKind kind);

std::string iso(std::chrono::system_clock::time_point t);
// Money for people: {"<name>_fen": 12345, "<name>": "123.45"} — exact, never a float.
void put_money(boost::json::object& o, const std::string& name, std::int64_t fen);
std::string iso_us(std::int64_t epoch_us);

// 201 with a freshly issued dynamic code: the token, its times and the QR as SVG; never cached.
// `shown_by_holder`: a family-account holder shows a member's code (the token records it).
Response code_response(const services::IssuedCode& code, const Request& request, bool shown_by_holder = false);

}  // namespace yibao::http::api
