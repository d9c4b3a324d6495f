#pragma once
// What every institution-interface transaction handler shares (fsi_routes.cc dispatches): the
// call (caller, envelope, the services' context), the handler table, and the readers of input
// nodes that name the failing field ("data.psn_no") in every refusal.
//
// A family of transactions lives in its own file (fsi_routes.cc: visits, fees, settlement;
// fsi_correction_routes.cc: 2601; …) and adds its handlers with an add_*_handlers function
// that fsi_routes.cc calls once when it builds the table.

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "core/result.h"
#include "http/api/fsi_envelope.h"
#include "services/service_context.h"
#include "services/settlement_service.h"

namespace yibao::http::api {

struct Call {
  services::FsiCaller caller;
  fsi::Envelope envelope;
  services::ServiceContext& ctx;
};

// A handler answers the output node's JSON text, or a refusal.
using FsiHandler = std::function<core::Result<std::string>(services::SettlementService&, const Call&)>;
using FsiHandlers = std::map<std::string, FsiHandler>;

// input.<name> as an object / an array: FIELD_MISSING when absent or null, FIELD_INVALID when
// of another JSON type.
core::Result<const boost::json::object*> node(const boost::json::object& input, const char* name);
core::Result<const boost::json::array*> array_node(const boost::json::object& input, const char* name);

// Reads required/optional fields of one node into targets; the first problem wins and stays
// in `error`, so a handler reads every field and checks once. A field is read with req() only
// when the national table marks it mandatory AND yibao needs it (ids, amounts, codes it
// decides by); anything else is opt() or not read, and unknown keys are ignored, so a real
// HIS that sends "" for optional fields or extra keys is answered (issue 15).
struct Reader {
  const boost::json::object& o;
  std::string name;
  std::optional<core::Error> error;

  std::string req(const char* field);
  std::optional<std::string> opt(const char* field);
  std::int64_t amount(const char* field);
  std::int64_t cnt(const char* field);
  std::string one_of(const char* field, std::initializer_list<const char*> allowed);
  // An optional code: absent or "" is nullopt; a value outside `allowed` is still refused.
  std::optional<std::string> opt_one_of(const char* field, std::initializer_list<const char*> allowed);

 private:
  void check_code(const char* field, const std::string& v, std::initializer_list<const char*> allowed);
};

// mdtrt_cert_type / mdtrt_cert_no / card_sn.
services::CertInput cert_of(Reader& r);

// A file's dld_endtime (9101, 3202, 1301): when 9102 stops serving it, Shanghai time.
std::string dld_endtime(std::int64_t expires_at_us);

// Person-related transactions need the envelope's insuplc_admdvs.
core::Status need_insuplc(const Call& call);

// The families of transactions beside fsi_routes.cc's (each defined in its own file).
void add_correction_handlers(FsiHandlers& table);      // fsi_correction_routes.cc: 2601 冲正
void add_reconciliation_handlers(FsiHandlers& table);  // fsi_reconciliation_routes.cc: 3201, 3202, 9101, 9102
void add_query_handlers(FsiHandlers& table);             // fsi_query_routes.cc: 5201–5206, 2001, 1312, 1301
void add_inpatient_change_handlers(FsiHandlers& table);  // fsi_inpatient_routes.cc: 2302, 2403, 2404, 2405
void add_drug_trace_handlers(FsiHandlers& table);        // fsi_drug_trace_routes.cc: 3505, 3506

}  // namespace yibao::http::api
