#include "http/api/fsi_call.h"

#include "core/clock.h"
#include "http/api/fsi_labels.h"

namespace yibao::http::api {

namespace json = boost::json;
using core::Error;
using core::Reason;

core::Result<const json::object*> node(const json::object& input, const char* name) {
  const auto* v = input.if_contains(name);
  const std::string path = std::string("input.") + name;
  if (v == nullptr || v->is_null()) return Error{Reason::FIELD_MISSING, fsi::labelled(path), path};
  if (!v->is_object()) return Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 须为对象", path};
  return &v->as_object();
}

core::Result<const json::array*> array_node(const json::object& input, const char* name) {
  const auto* v = input.if_contains(name);
  const std::string path = std::string("input.") + name;
  if (v == nullptr || v->is_null()) return Error{Reason::FIELD_MISSING, fsi::labelled(path), path};
  if (!v->is_array()) return Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 须为数组", path};
  return &v->as_array();
}

std::string Reader::req(const char* field) {
  if (error) return {};
  auto v = fsi::text(o, name, field, true);
  if (!v) {
    error = v.error();
    return {};
  }
  return **v;
}

std::optional<std::string> Reader::opt(const char* field) {
  if (error) return std::nullopt;
  auto v = fsi::text(o, name, field, false);
  if (!v) {
    error = v.error();
    return std::nullopt;
  }
  return *v;
}

std::int64_t Reader::amount(const char* field) {
  if (error) return 0;
  auto v = fsi::amount_fen(o, name, field, true);
  if (!v) {
    error = v.error();
    return 0;
  }
  return **v;
}

std::int64_t Reader::cnt(const char* field) {
  if (error) return 0;
  auto v = fsi::quantity(o, name, field, true);
  if (!v) {
    error = v.error();
    return 0;
  }
  return **v;
}

std::string Reader::one_of(const char* field, std::initializer_list<const char*> allowed) {
  std::string v = req(field);
  if (error) return v;
  check_code(field, v, allowed);
  return v;
}

std::optional<std::string> Reader::opt_one_of(const char* field, std::initializer_list<const char*> allowed) {
  auto v = opt(field);
  if (error || !v) return v;
  check_code(field, *v, allowed);
  return v;
}

void Reader::check_code(const char* field, const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (v == a) return;
  }
  const std::string path = name + "." + field;
  error = Error{Reason::FIELD_INVALID, fsi::labelled(path) + " 取值不正确", path};
}

services::CertInput cert_of(Reader& r) {
  services::CertInput c;
  c.type = r.one_of("mdtrt_cert_type", {"01", "02", "03"});
  c.no = r.req("mdtrt_cert_no");
  c.card_sn = r.opt("card_sn").value_or("");
  return c;
}

core::Status need_insuplc(const Call& call) {
  if (call.envelope.insuplc_admdvs.empty()) {
    return Error{Reason::FIELD_MISSING, fsi::labelled("insuplc_admdvs"), "insuplc_admdvs"};
  }
  return {};
}

std::string dld_endtime(std::int64_t expires_at_us) {
  return core::format_shanghai_datetime(std::chrono::system_clock::time_point(std::chrono::microseconds(expires_at_us)));
}

}  // namespace yibao::http::api
