#pragma once
// The institution interface's envelope codec (institution-interface.md §1), pure: no I/O.
//
// Numbers stay exact. Boost.JSON's value parser turns numbers into double, so parse_exact()
// first rewrites every number literal outside strings into a marked string holding the literal
// text; the field readers below convert that text exactly (money to fen, quantities to
// thousandths, prices to fen) and refuse anything that is not a whole number of the unit.
// Output goes the other way: money()/ratio() make marked values that serialize_exact() writes as
// bare JSON numbers with exactly the digits given ("12.30", "0.8500"), never through double.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "core/result.h"

namespace yibao::http::api::fsi {

// The body as a JSON object with number literals kept as text. BODY_NOT_JSON when the text
// is not JSON (or a number literal is malformed); FIELD_INVALID when it is not an object.
core::Result<boost::json::object> parse_exact(std::string_view body);

bool is_number(const boost::json::value& v);
// The literal text of a number read by parse_exact ("" for anything else).
std::string_view number_text(const boost::json::value& v);

// Output values written as bare numbers by serialize_exact().
boost::json::value raw_number(std::string literal);
boost::json::value money(std::int64_t fen);          // "12.30"
boost::json::value ratio_bp(std::int64_t bp);         // N(5,4): 8500 → 0.8500
boost::json::value quantity_milli(std::int64_t milli);  // N(16,4): 1500 → 1.5000
// Serializes, writing marked values as bare numbers.
std::string serialize_exact(const boost::json::value& v);

// Field readers over an input node. A missing, null or empty field is FIELD_MISSING when
// required (nullopt otherwise: HIS systems send "" for optional fields they do not fill); a
// value of the wrong JSON type is FIELD_INVALID. Both name the field as "<node>.<field>" in
// error.field, and with its Chinese label in the detail ("人员编号（data.psn_no）", fsi_labels.h).
core::Result<std::optional<std::string>> text(const boost::json::object& node, std::string_view node_name,
                                               const char* field, bool required);
// Amounts N(16,2): a number or a numeric string, exact to the fen.
core::Result<std::optional<std::int64_t>> amount_fen(const boost::json::object& node, std::string_view node_name,
                                                     const char* field, bool required);
// Quantities N(16,4) as thousandths (a non-zero 4th decimal is refused).
core::Result<std::optional<std::int64_t>> quantity(const boost::json::object& node, std::string_view node_name,
                                                   const char* field, bool required);
// Exact decimal text → units at `scale` decimals (e.g. "1.5", scale 3 → 1500). nullopt when the
// text is not a decimal or has non-zero digits beyond `scale`, or overflows.
std::optional<std::int64_t> scaled_decimal(std::string_view text, int scale);

struct Envelope {
  std::string infno;
  std::string msgid;
  std::string mdtrtarea_admvs;
  std::string insuplc_admdvs;
  std::string recer_sys_code;
  std::string infver;
  std::string opter_type;
  std::string opter;
  std::string opter_name;
  std::string inf_time;
  std::string fixmedins_code;
  std::string fixmedins_name;
  std::string sign_no;
  boost::json::object input;
  // SHA-256 (hex) of `input` in a canonical form (input_digest): what "the same request" means
  // when a msgid is replayed.
  std::string input_digest;
};

// SHA-256 (hex) of the input with object keys sorted at every level and number literals as
// sent, so a retry that reorders keys or whitespace is the same request, and one that changes
// any value is not.
std::string input_digest(const boost::json::object& input);

// The request envelope: every mandatory field of §1.1 (insuplc_admdvs is checked by the
// transactions that carry psn_no), `input` an object (a JSON string holding an object is
// accepted too, as some clients double-encode it).
core::Result<Envelope> decode_envelope(std::string_view body);

struct Reply {
  std::string inf_refmsgid;
  std::string refmsg_time;   // yyyyMMddHHmmssSSS
  std::string respond_time;  // yyyyMMddHHmmssSSS
};

// {"infcode":0, ..., "output": <output_json>, ...}: output_json is spliced in verbatim, so a
// stored reply replays byte-identical. warn_msg: null when empty (the usual answer).
std::string render_success(const Reply& reply, std::string_view output_json, const std::string& warn_msg = {});
// infcode -1, err_msg = Chinese message (+ detail) + remedy, err_code = the reason code,
// output {}.
std::string render_failure(const Reply& reply, const core::Error& error);

}  // namespace yibao::http::api::fsi
