#include "domain/policy.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include <boost/json.hpp>

namespace yibao::domain {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

template <class E>
struct EnumNames {
  std::vector<std::pair<E, std::string_view>> names;
  std::string_view name(E e) const {
    for (const auto& [v, n] : names) {
      if (v == e) return n;
    }
    return "?";
  }
  bool parse(std::string_view text, E& out) const {
    for (const auto& [v, n] : names) {
      if (n == text) {
        out = v;
        return true;
      }
    }
    return false;
  }
  std::string choices() const {
    std::string s;
    for (const auto& [v, n] : names) s += (s.empty() ? "" : " / ") + std::string(n);
    return s;
  }
};

const EnumNames<UseScope> kUseScope{{{UseScope::any, "any"}, {UseScope::same_pool, "same_pool"}, {UseScope::same_province, "same_province"}}};
const EnumNames<MutualAidScope> kAidScope{{{MutualAidScope::same_pool, "same_pool"},
                                           {MutualAidScope::same_province, "same_province"},
                                           {MutualAidScope::national, "national"}}};
const EnumNames<MutualAidSource> kAidSource{{{MutualAidSource::prior_years, "prior_years"}, {MutualAidSource::all, "all"}}};
const EnumNames<OwnAccountOrder> kOwnOrder{{{OwnAccountOrder::current_first, "current_first"},
                                            {OwnAccountOrder::prior_first, "prior_first"}}};
const EnumNames<MutualAidOrder> kAidOrder{{{MutualAidOrder::balance_desc, "balance_desc"}, {MutualAidOrder::filing_order, "filing_order"}}};

// The relations domain.md §7 allows at all; mutual aid may use a subset.
const std::vector<std::string> kRelations = {"spouse", "parent", "child", "grandparent", "maternal_grandparent",
                                             "grandchild", "maternal_grandchild", "sibling"};

struct Knob {
  std::string name;
  std::function<core::Status(RegionPolicy&, const json::value&)> set;
  std::function<json::value(const RegionPolicy&)> get;
};

Error bad(const std::string& knob, const std::string& why) { return Error{Reason::FIELD_INVALID, knob + ": " + why, knob}; }

Knob int_knob(std::string name, int RegionPolicy::*field, int min, int max) {
  return Knob{name,
              [=](RegionPolicy& p, const json::value& v) -> core::Status {
                if (!v.is_int64() || v.as_int64() < min || v.as_int64() > max) {
                  return bad(name, "须为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
                }
                p.*field = static_cast<int>(v.as_int64());
                return {};
              },
              [=](const RegionPolicy& p) { return json::value(p.*field); }};
}

Knob bool_knob(std::string name, bool RegionPolicy::*field) {
  return Knob{name,
              [=](RegionPolicy& p, const json::value& v) -> core::Status {
                if (!v.is_bool()) return bad(name, "须为 true 或 false");
                p.*field = v.as_bool();
                return {};
              },
              [=](const RegionPolicy& p) { return json::value(p.*field); }};
}

template <class E>
Knob enum_knob(std::string name, E RegionPolicy::*field, const EnumNames<E>& names) {
  return Knob{name,
              [=, &names](RegionPolicy& p, const json::value& v) -> core::Status {
                E parsed{};
                if (!v.is_string() || !names.parse(v.as_string(), parsed)) return bad(name, "须为 " + names.choices());
                p.*field = parsed;
                return {};
              },
              [=, &names](const RegionPolicy& p) { return json::value(names.name(p.*field)); }};
}

json::array triple(const std::array<std::int64_t, 3>& a) { return json::array{a[0], a[1], a[2]}; }

// A settlement knob: an object with any of the SettlementPolicy fields (money in fen, ratios in
// basis points; the per-level ones as [一级, 二级, 三级]); fields left out keep their value.
Knob settlement_knob(std::string name, SettlementPolicy RegionPolicy::*field) {
  return Knob{name,
              [=](RegionPolicy& p, const json::value& v) -> core::Status {
                if (!v.is_object()) return bad(name, "须为对象");
                SettlementPolicy sp = p.*field;
                for (const auto& [key, value] : v.as_object()) {
                  const std::string k(key);
                  auto level_array = [&](std::array<std::int64_t, 3>& out) -> core::Status {
                    if (!value.is_array() || value.as_array().size() != 3) return bad(name, k + " 须为 3 个整数的数组");
                    for (std::size_t i = 0; i < 3; ++i) {
                      if (!value.as_array()[i].is_int64()) return bad(name, k + " 须为 3 个整数的数组");
                      out[i] = value.as_array()[i].as_int64();
                    }
                    return {};
                  };
                  auto scalar = [&](std::int64_t& out) -> core::Status {
                    if (!value.is_int64()) return bad(name, k + " 须为整数");
                    out = value.as_int64();
                    return {};
                  };
                  core::Status st;
                  if (k == "outpatient_deductible_fen") st = level_array(sp.outpatient_deductible_fen);
                  else if (k == "inpatient_deductible_fen") st = level_array(sp.inpatient_deductible_fen);
                  else if (k == "fund_ratio_bp") st = level_array(sp.fund_ratio_bp);
                  else if (k == "retiree_bonus_bp") st = scalar(sp.retiree_bonus_bp);
                  else if (k == "annual_cap_fen") st = scalar(sp.annual_cap_fen);
                  else if (k == "pre_self_pay_bp") st = scalar(sp.pre_self_pay_bp);
                  else st = bad(name, k + " 是未知的结算参数");
                  if (!st) return st;
                }
                if (auto st = validate_settlement_policy(sp); !st) return bad(name, st.error().detail);
                p.*field = sp;
                return {};
              },
              [=](const RegionPolicy& p) {
                const SettlementPolicy& sp = p.*field;
                return json::value(json::object{{"outpatient_deductible_fen", triple(sp.outpatient_deductible_fen)},
                                                {"inpatient_deductible_fen", triple(sp.inpatient_deductible_fen)},
                                                {"fund_ratio_bp", triple(sp.fund_ratio_bp)},
                                                {"retiree_bonus_bp", sp.retiree_bonus_bp},
                                                {"annual_cap_fen", sp.annual_cap_fen},
                                                {"pre_self_pay_bp", sp.pre_self_pay_bp}});
              }};
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> all = {
      int_knob("resident_waiting_days", &RegionPolicy::resident_waiting_days, 0, 365),
      int_knob("pin_max_failures", &RegionPolicy::pin_max_failures, 1, 20),
      int_knob("pin_lock_minutes", &RegionPolicy::pin_lock_minutes, 1, 7 * 24 * 60),
      int_knob("qr_ttl_seconds", &RegionPolicy::qr_ttl_seconds, 15, 600),
      int_knob("member_face_age", &RegionPolicy::member_face_age, 0, 100),
      int_knob("max_active_members", &RegionPolicy::max_active_members, 1, 20),
      int_knob("monthly_binding_limit", &RegionPolicy::monthly_binding_limit, 1, 50),
      int_knob("max_holders_per_member", &RegionPolicy::max_holders_per_member, 1, 10),
      enum_knob("family_use_scope", &RegionPolicy::family_use_scope, kUseScope),
      int_knob("account_credit_in_service_fen", &RegionPolicy::account_credit_in_service_fen, 0, 10'000'000),
      int_knob("account_credit_retired_fen", &RegionPolicy::account_credit_retired_fen, 0, 10'000'000),
      enum_knob("own_account_order", &RegionPolicy::own_account_order, kOwnOrder),
      int_knob("resident_contribution_fen", &RegionPolicy::resident_contribution_fen, 0, 10'000'000),
      Knob{"mutual_aid_relations",
           [](RegionPolicy& p, const json::value& v) -> core::Status {
             if (!v.is_array() || v.as_array().empty()) return bad("mutual_aid_relations", "须为非空的亲属关系列表");
             std::vector<std::string> out;
             for (const auto& item : v.as_array()) {
               if (!item.is_string() ||
                   std::find(kRelations.begin(), kRelations.end(), item.as_string()) == kRelations.end()) {
                 return bad("mutual_aid_relations", "含有不支持的亲属关系");
               }
               out.emplace_back(item.as_string());
             }
             p.mutual_aid_relations = std::move(out);
             return {};
           },
           [](const RegionPolicy& p) {
             json::array a;
             for (const auto& r : p.mutual_aid_relations) a.emplace_back(r);
             return json::value(std::move(a));
           }},
      enum_knob("mutual_aid_scope", &RegionPolicy::mutual_aid_scope, kAidScope),
      bool_knob("mutual_aid_filing", &RegionPolicy::mutual_aid_filing),
      int_knob("mutual_aid_waiting_days", &RegionPolicy::mutual_aid_waiting_days, 0, 365),
      enum_knob("mutual_aid_source", &RegionPolicy::mutual_aid_source, kAidSource),
      enum_knob("mutual_aid_order", &RegionPolicy::mutual_aid_order, kAidOrder),
      int_knob("wallet_daily_transfers", &RegionPolicy::wallet_daily_transfers, 0, 50),
      int_knob("wallet_transfer_max_fen", &RegionPolicy::wallet_transfer_max_fen, 1, 100000000),
      int_knob("wallet_quiet_from_minute", &RegionPolicy::wallet_quiet_from_minute, 0, 1439),
      int_knob("wallet_quiet_until_minute", &RegionPolicy::wallet_quiet_until_minute, 0, 1439),
      bool_knob("intra_province_filing", &RegionPolicy::intra_province_filing),
      settlement_knob("settlement_310", &RegionPolicy::settlement_employee),
      settlement_knob("settlement_390", &RegionPolicy::settlement_resident),
  };
  return all;
}

}  // namespace

core::Result<RegionPolicy> parse_policy(const json::object& overrides) {
  RegionPolicy policy;
  for (const auto& [key, value] : overrides) {
    const auto& all = knobs();
    const auto it = std::find_if(all.begin(), all.end(), [&](const Knob& k) { return k.name == key; });
    if (it == all.end()) return bad(std::string(key), "未知的政策参数");
    if (auto st = it->set(policy, value); !st) return st.error();
  }
  return policy;
}

json::object policy_to_json(const RegionPolicy& policy) {
  json::object out;
  for (const auto& k : knobs()) out[k.name] = k.get(policy);
  return out;
}

core::Result<SettlementPolicy> settlement_policy_for(const RegionPolicy& policy, std::string_view insutype) {
  if (insutype == "310") return policy.settlement_employee;
  if (insutype == "390") return policy.settlement_resident;
  return Error{Reason::FIELD_INVALID, "险种须为 310 或 390", "insutype"};
}

const std::vector<std::string>& knob_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& k : knobs()) n.push_back(k.name);
    return n;
  }();
  return names;
}

}  // namespace yibao::domain
