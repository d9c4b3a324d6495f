#include "http/api/fsi_envelope.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <vector>

#include <sodium.h>

#include "core/money.h"
#include "http/api/fsi_labels.h"

namespace yibao::http::api::fsi {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

constexpr char kMark = '\x01';

__extension__ typedef __int128 Wide;

bool digit(char c) { return c >= '0' && c <= '9'; }

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool valid_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && digit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !digit(s[i])) return false;
    while (i < s.size() && digit(s[i])) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !digit(s[i])) return false;
    while (i < s.size() && digit(s[i])) ++i;
  }
  return i == s.size();
}

std::string qualified(std::string_view node, const char* field) {
  return node.empty() ? std::string(field) : std::string(node) + "." + field;
}

}  // namespace

core::Result<json::object> parse_exact(std::string_view body) {
  std::string rewritten;
  rewritten.reserve(body.size() + 64);
  bool in_string = false;
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        // A client string must never look like one of our marked numbers.
        if (body.substr(i, 6) == "\\u0001") return Error{Reason::FIELD_INVALID, "\\u0001"};
        rewritten.append(body.substr(i, 2));
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
      rewritten.push_back(c);
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = true;
      rewritten.push_back(c);
      ++i;
      continue;
    }
    if (c == '-' || digit(c)) {
      std::size_t j = i;
      while (j < body.size() && (digit(body[j]) || body[j] == '-' || body[j] == '+' || body[j] == '.' || body[j] == 'e' ||
                                 body[j] == 'E')) {
        ++j;
      }
      const auto literal = body.substr(i, j - i);
      if (!valid_number(literal)) return Error{Reason::BODY_NOT_JSON, std::string(literal)};
      rewritten += "\"\\u0001";
      rewritten.append(literal);
      rewritten.push_back('"');
      i = j;
      continue;
    }
    rewritten.push_back(c);
    ++i;
  }
  boost::system::error_code ec;
  json::value v = json::parse(rewritten, ec);
  if (ec) return Error{Reason::BODY_NOT_JSON};
  if (!v.is_object()) return Error{Reason::FIELD_INVALID, "请求内容须为 JSON 对象"};
  return std::move(v.as_object());
}

bool is_number(const json::value& v) { return v.is_string() && !v.as_string().empty() && v.as_string()[0] == kMark; }

std::string_view number_text(const json::value& v) {
  if (!is_number(v)) return {};
  const auto& s = v.as_string();
  return std::string_view(s.data() + 1, s.size() - 1);
}

json::value raw_number(std::string literal) { return json::string(std::string(1, kMark) + literal); }

json::value money(std::int64_t fen) { return raw_number(core::Money::from_fen(fen).to_string()); }

namespace {
std::string fixed(std::int64_t units, int scale) {
  const bool negative = units < 0;
  // |units| fits: callers pass amounts far below the int64 range.
  std::string digits = std::to_string(negative ? -units : units);
  if (static_cast<int>(digits.size()) <= scale) digits.insert(0, static_cast<std::size_t>(scale + 1 - digits.size()), '0');
  digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
  return (negative ? "-" : "") + digits;
}
}  // namespace

json::value ratio_bp(std::int64_t bp) { return raw_number(fixed(bp, 4)); }
json::value quantity_milli(std::int64_t milli) { return raw_number(fixed(milli * 10, 4)); }

std::string serialize_exact(const json::value& v) {
  const std::string text = json::serialize(v);
  std::string out;
  out.reserve(text.size());
  static constexpr std::string_view kOpen = "\"\\u0001";
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, kOpen.size(), kOpen) == 0) {
      const auto end = text.find('"', i + kOpen.size());
      out.append(text, i + kOpen.size(), end - (i + kOpen.size()));
      i = end + 1;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::optional<std::int64_t> scaled_decimal(std::string_view s, int scale) {
  if (s.empty()) return std::nullopt;
  // Accept the JSON grammar, and numeric strings of the same shape.
  if (!valid_number(s)) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (s[i] == '-') {
    negative = true;
    ++i;
  }
  std::string digits;
  int frac = 0;
  bool in_frac = false;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      in_frac = true;
      continue;
    }
    digits.push_back(s[i]);
    if (in_frac) ++frac;
  }
  long exponent = 0;
  if (i < s.size()) {
    ++i;
    bool exp_negative = false;
    if (s[i] == '+' || s[i] == '-') exp_negative = s[i++] == '-';
    for (; i < s.size(); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 40) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  // value = digits × 10^(exponent − frac); we want digits × 10^(exponent − frac + scale).
  long shift = exponent - frac + scale;
  while (shift < 0) {
    if (digits.empty() || digits.back() != '0') {
      // A non-zero digit below the unit: refuse rather than round.
      bool all_zero = true;
      for (char c : digits) all_zero = all_zero && c == '0';
      if (!all_zero) return std::nullopt;
      digits = "0";
      shift = 0;
      break;
    }
    digits.pop_back();
    ++shift;
  }
  if (digits.empty()) digits = "0";
  Wide value = 0;
  for (char c : digits) {
    value = value * 10 + (c - '0');
    if (value > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  }
  for (long k = 0; k < shift; ++k) {
    value *= 10;
    if (value > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  }
  return static_cast<std::int64_t>(negative ? -value : value);
}

core::Result<std::optional<std::string>> text(const json::object& node, std::string_view node_name, const char* field,
                                              bool required) {
  const auto* v = node.if_contains(field);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) {
    if (required) return Error{Reason::FIELD_MISSING, labelled(qualified(node_name, field)), qualified(node_name, field)};
    return std::optional<std::string>{};
  }
  if (!v->is_string() || is_number(*v)) {
    return Error{Reason::FIELD_INVALID, labelled(qualified(node_name, field)) + " 须为字符串", qualified(node_name, field)};
  }
  return std::optional<std::string>{std::string(v->as_string())};
}

namespace {
core::Result<std::optional<std::int64_t>> decimal_field(const json::object& node, std::string_view node_name,
                                                        const char* field, bool required, int scale,
                                                        const char* what) {
  const auto* v = node.if_contains(field);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) {
    if (required) return Error{Reason::FIELD_MISSING, labelled(qualified(node_name, field)), qualified(node_name, field)};
    return std::optional<std::int64_t>{};
  }
  std::string_view literal;
  if (is_number(*v)) {
    literal = number_text(*v);
  } else if (v->is_string()) {
    literal = std::string_view(v->as_string().data(), v->as_string().size());
  } else {
    return Error{Reason::FIELD_INVALID, labelled(qualified(node_name, field)) + " 须为数值", qualified(node_name, field)};
  }
  auto value = scaled_decimal(literal, scale);
  if (!value) {
    return Error{Reason::FIELD_INVALID, labelled(qualified(node_name, field)) + " " + what, qualified(node_name, field)};
  }
  return std::optional<std::int64_t>{*value};
}
}  // namespace

core::Result<std::optional<std::int64_t>> amount_fen(const json::object& node, std::string_view node_name,
                                                     const char* field, bool required) {
  return decimal_field(node, node_name, field, required, 2, "须为最多两位小数的金额");
}

core::Result<std::optional<std::int64_t>> quantity(const json::object& node, std::string_view node_name,
                                                   const char* field, bool required) {
  return decimal_field(node, node_name, field, required, 3, "须为最多三位有效小数的数量");
}

core::Result<Envelope> decode_envelope(std::string_view body) {
  auto parsed = parse_exact(body);
  if (!parsed) return parsed.error();
  const json::object& o = *parsed;
  Envelope e;
  struct Field {
    const char* name;
    std::string* target;
    bool required;
  };
  const Field fields[] = {{"infno", &e.infno, true},
                          {"msgid", &e.msgid, true},
                          {"mdtrtarea_admvs", &e.mdtrtarea_admvs, true},
                          {"insuplc_admdvs", &e.insuplc_admdvs, false},
                          {"recer_sys_code", &e.recer_sys_code, true},
                          {"infver", &e.infver, true},
                          {"opter_type", &e.opter_type, true},
                          {"opter", &e.opter, true},
                          {"opter_name", &e.opter_name, true},
                          {"inf_time", &e.inf_time, true},
                          {"fixmedins_code", &e.fixmedins_code, true},
                          {"fixmedins_name", &e.fixmedins_name, true},
                          {"sign_no", &e.sign_no, false}};
  for (const auto& f : fields) {
    auto v = text(o, "", f.name, f.required);
    if (!v) return v.error();
    if (*v) *f.target = **v;
  }
  if (e.msgid.size() > 30) return Error{Reason::FIELD_INVALID, "msgid 最长 30 位", "msgid"};
  const auto* input = o.if_contains("input");
  if (input == nullptr || input->is_null()) return Error{Reason::FIELD_MISSING, labelled("input"), "input"};
  if (input->is_object()) {
    e.input = input->as_object();
  } else if (input->is_string() && !is_number(*input)) {
    auto inner = parse_exact(std::string_view(input->as_string().data(), input->as_string().size()));
    if (!inner) return Error{Reason::FIELD_INVALID, "input 须为 JSON 对象", "input"};
    e.input = std::move(inner).value();
  } else {
    return Error{Reason::FIELD_INVALID, "input 须为 JSON 对象", "input"};
  }
  e.input_digest = input_digest(e.input);
  return e;
}

namespace {
json::value with_sorted_keys(const json::value& v) {
  if (v.is_array()) {
    json::array out;
    out.reserve(v.as_array().size());
    for (const auto& item : v.as_array()) out.push_back(with_sorted_keys(item));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<const json::key_value_pair*> members;
  for (const auto& kv : v.as_object()) members.push_back(&kv);
  std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
  json::object out;
  for (const auto* kv : members) out[kv->key()] = with_sorted_keys(kv->value());
  return out;
}
}  // namespace

std::string input_digest(const json::object& input) {
  const std::string canonical = serialize_exact(with_sorted_keys(input));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {
json::object reply_fields(const Reply& reply) {
  json::object o;
  o["inf_refmsgid"] = reply.inf_refmsgid;
  o["refmsg_time"] = reply.refmsg_time;
  o["respond_time"] = reply.respond_time;
  return o;
}
}  // namespace

std::string render_success(const Reply& reply, std::string_view output_json, const std::string& warn_msg) {
  json::object o;
  o["infcode"] = 0;
  for (auto& [k, v] : reply_fields(reply)) o[k] = v;
  o["err_msg"] = nullptr;
  o["warn_msg"] = warn_msg.empty() ? json::value(nullptr) : json::value(warn_msg);
  o["enctype"] = "";
  o["signtype"] = "";
  o["cainfo"] = nullptr;
  std::string text = json::serialize(o);
  // Splice the output in verbatim (first member), so a stored reply replays byte-identical.
  std::string out = "{\"output\":";
  out.append(output_json);
  out.push_back(',');
  out.append(text, 1, std::string::npos);
  return out;
}

std::string render_failure(const Reply& reply, const Error& error) {
  const auto& info = core::info(error.reason);
  std::string message(info.message);
  // A field refusal reads as "缺少必填项：人员编号（data.psn_no）": the detail names the field.
  const bool names_field = error.reason == Reason::FIELD_MISSING || error.reason == Reason::FIELD_INVALID ||
                           info.code.starts_with("ID_NUMBER_");
  if (!error.detail.empty()) message += names_field ? "：" + error.detail : "（" + error.detail + "）";
  message += "。";
  message += info.remedy;
  json::object o;
  o["output"] = json::object{};
  o["infcode"] = -1;
  for (auto& [k, v] : reply_fields(reply)) o[k] = v;
  o["err_msg"] = message;
  o["err_code"] = info.code;
  o["remedy"] = info.remedy;
  if (!error.field.empty()) o["err_field"] = error.field;
  o["warn_msg"] = nullptr;
  o["enctype"] = "";
  o["signtype"] = "";
  o["cainfo"] = nullptr;
  return json::serialize(o);
}

}  // namespace yibao::http::api::fsi
