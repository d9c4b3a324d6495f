#include "http/api/wallet_routes.h"

#include "core/masking.h"
#include "core/money.h"
#include "domain/mutual_aid_rules.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

std::string hhmm(int minute) {
  const auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  return two((minute / 60) % 24) + ":" + two(minute % 60);
}

std::string_view quota_status_label(const services::QuotaView& q) {
  if (q.row.status != "active") return "已结束";
  return q.left > 0 ? "可使用" : "已用完";
}

json::object quota_json(const services::QuotaView& q) {
  json::object o{{"id", q.row.id}, {"status", q.row.status}, {"status_label", quota_status_label(q)}};
  put_money(o, "amount", q.row.amount);
  put_money(o, "left", q.left);
  put_money(o, "spent", q.spent);
  if (!q.row.end_reason.empty()) o["end_reason"] = q.row.end_reason;
  return o;
}

std::string_view transfer_status_label(const std::string& status) {
  if (status == "pending") return "待接收";
  if (status == "accepted") return "已接收";
  if (status == "returned") return "未接收，已退回";
  if (status == "reversed") return "已撤销";
  return "未知";
}

json::object transfer_json(const store::WalletTransferRow& t, std::int64_t me, const std::string& counterpart) {
  json::object o{{"id", t.id},
                 {"direction", t.giver_person_id == me ? "out" : "in"},
                 {"counterpart_name", core::mask_name(counterpart)},
                 {"status", t.status},
                 {"status_label", transfer_status_label(t.status)},
                 {"sent_at", iso_us(t.sent_at_us)},
                 {"returns_at", iso_us(t.returns_at_us)},
                 {"closed_at", t.closed_at_us ? json::value(iso_us(t.closed_at_us)) : json::value(nullptr)}};
  put_money(o, "amount", t.amount);
  if (!t.close_note.empty()) o["close_note"] = t.close_note;
  return o;
}

// Staff see every hold behind the person's quotas and unaccepted transfers.
json::object hold_json(const store::HoldRow& h) {
  json::object o{{"id", h.id},
                 {"kind", h.kind},
                 {"reference", h.reference},
                 {"account_part", h.idempotency_key.ends_with(":prior") ? "历年" : "当年"},
                 {"status", h.status},
                 {"created_at", iso_us(h.created_at_us)}};
  put_money(o, "held", h.amount);
  put_money(o, "spent", h.spent);
  put_money(o, "released", h.released);
  return o;
}

json::object wallet_json(const services::WalletView& v, std::int64_t me) {
  json::object o;
  o["opened"] = v.wallet.has_value();
  o["opened_at"] = v.wallet ? json::value(iso_us(v.wallet->opened_at_us)) : json::value(nullptr);
  o["opened_by"] = !v.wallet ? json::value(nullptr) : json::value(v.wallet->opened_by_person_id == me ? "self" : "relative");
  o["usable_in"] = "全国定点医药机构（跨省通用）";
  o["phone"] = v.phone.empty() ? std::string{} : core::mask_phone(v.phone);
  put_money(o, "balance", v.balance);
  json::object own{{"has_account", v.has_account}};
  put_money(own, "current", v.own.current);
  put_money(own, "prior", v.own.prior);
  put_money(own, "free", v.own.current + v.own.prior);
  put_money(own, "held", v.held);
  o["own"] = std::move(own);
  json::array relatives;
  for (const auto& r : v.relatives) {
    relatives.push_back(json::object{{"person_id", r.person_id},
                                     {"name", core::mask_name(r.name)},
                                     {"relation", r.relation},
                                     {"relation_label", domain::relation_label(r.relation)},
                                     {"wallet_opened", r.wallet_opened},
                                     {"quota", r.quota ? json::value(quota_json(*r.quota)) : json::value(nullptr)}});
  }
  o["relatives"] = std::move(relatives);
  json::array received;
  for (const auto& q : v.received) {
    auto item = quota_json(q.quota);
    item["giver_name"] = core::mask_name(q.giver_name);
    item["relation_label"] = domain::relation_label(q.quota.row.relation);
    received.push_back(std::move(item));
  }
  o["received_quotas"] = std::move(received);
  // "Why can't my family's money pay for me?" — per relative who may give, every rule that blocks.
  json::array givers;
  for (const auto& g : v.givers) {
    json::array blockers;
    for (const auto& b : g.aid_blockers) blockers.push_back(reason_json(b));
    givers.push_back(json::object{{"person_id", g.person_id},
                                  {"name", core::mask_name(g.name)},
                                  {"relation_label", domain::relation_label(g.relation)},
                                  {"can_pay", blockers.empty()},
                                  {"aid_blockers", std::move(blockers)}});
  }
  o["givers"] = std::move(givers);
  json::array transfers;
  for (const auto& t : v.transfers) transfers.push_back(transfer_json(t.row, me, t.counterpart_name));
  o["transfers"] = std::move(transfers);
  json::object limits{{"daily_count", v.policy.wallet_daily_transfers},
                      {"quiet_from", hhmm(v.policy.wallet_quiet_from_minute)},
                      {"quiet_until", hhmm(v.policy.wallet_quiet_until_minute)}};
  put_money(limits, "per_transfer_max", v.policy.wallet_transfer_max_fen);
  o["limits"] = std::move(limits);
  return o;
}

// {"amount": "500.00"}: yuan as a string, exact (never through a double).
core::Result<std::int64_t> amount_of(const json::object& body) {
  auto text = required_string(body, "amount");
  if (!text) return text.error();
  auto money = core::Money::parse(*text);
  if (!money) return Error{Reason::MONEY_INVALID, *text, "amount"};
  return money->fen();
}

}  // namespace

void add_wallet_routes(Router& router, ApiDeps& deps, services::WalletService& wallet) {
  router.get("/api/v1/me/wallet", [&deps, &wallet](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      return Response::json(200, wallet_json(wallet.view(p.subject_id), p.subject_id));
    });
  });

  router.post("/api/v1/me/wallet/open", [&deps, &wallet](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      if (auto st = wallet.open(p.subject_id, p.channel); !st) return fail(st.error(), request);
      return Response::json(200, wallet_json(wallet.view(p.subject_id), p.subject_id));
    });
  });

  router.post("/api/v1/me/family/members/{member_id}/wallet/open", [&deps, &wallet](Request& request) {
    return as_holder_of(deps, request, [&](const services::Principal& holder, std::int64_t member) {
      auto opened = wallet.open_for_member(holder.subject_id, member, holder.channel);
      if (!opened) return fail(opened.error(), request);
      return Response::json(200, json::object{{"opened", true}, {"opened_at", iso_us(opened->opened_at_us)}});
    });
  });

  router.add(Route{"PUT", "/api/v1/me/wallet/quotas/{person_id}", [&deps, &wallet](Request& request) {
                     return as_person(deps, request, [&](const services::Principal& p) {
                       const auto receiver = path_id(request, "person_id");
                       if (!receiver) return fail(Error{Reason::FAMILY_NOT_BOUND}, request);
                       auto body = parse_json_object(request);
                       if (!body) return fail(body.error(), request);
                       auto amount = amount_of(*body);
                       if (!amount) return fail(amount.error(), request);
                       auto quota = wallet.set_quota(p.subject_id, *receiver, *amount);
                       if (!quota) return fail(quota.error(), request);
                       return Response::json(200, quota_json(*quota));
                     });
                   }});

  router.post("/api/v1/me/wallet/transfers", [&deps, &wallet](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      const auto* receiver = body->if_contains("receiver_person_id");
      if (receiver == nullptr || !receiver->is_int64() || receiver->as_int64() <= 0) {
        return fail(Error{Reason::FIELD_INVALID, "receiver_person_id 须为家庭成员的人员 id", "receiver_person_id"}, request);
      }
      auto amount = amount_of(*body);
      if (!amount) return fail(amount.error(), request);
      auto sent = wallet.send(p.subject_id, receiver->as_int64(), *amount);
      if (!sent) return fail(sent.error(), request);
      return Response::json(201, transfer_json(sent->row, p.subject_id, sent->counterpart_name));
    });
  });

  router.post("/api/v1/me/wallet/transfers/{id}/accept", [&deps, &wallet](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) {
      const auto id = path_id(request, "id");
      if (!id) return fail(Error{Reason::WALLET_TRANSFER_NOT_FOUND}, request);
      auto accepted = wallet.accept(p.subject_id, *id);
      if (!accepted) return fail(accepted.error(), request);
      return Response::json(200, transfer_json(accepted->row, p.subject_id, accepted->counterpart_name));
    });
  });

  // The console: a person's wallet with the holds behind it, and a staff reversal with a reason.
  router.get("/api/agency/v1/persons/{psn_no}/wallet", [&deps, &wallet](Request& request) {
    return as_staff_on(deps, request, "wallet", [&](const store::StaffRow&, std::int64_t person_id) {
      const auto staff_view = wallet.staff_view(person_id);
      auto o = wallet_json(staff_view.view, person_id);
      json::array holds;
      for (const auto& h : staff_view.holds) holds.push_back(hold_json(h));
      o["holds"] = std::move(holds);
      return Response::json(200, o);
    });
  });

  router.post("/api/agency/v1/persons/{psn_no}/wallet/transfers/{id}/reverse", [&deps, &wallet](Request& request) {
    return as_staff_on(deps, request, "wallet_reversal", [&](const store::StaffRow& staff, std::int64_t person_id) {
      const auto id = path_id(request, "id");
      if (!id) return fail(Error{Reason::WALLET_TRANSFER_NOT_FOUND}, request);
      auto body = parse_json_object(request);
      if (!body) return fail(body.error(), request);
      auto reason = required_string(*body, "reason");
      if (!reason) return fail(reason.error(), request);
      auto reversed = wallet.reverse({staff.id, person_id, *id, *reason});
      if (!reversed) return fail(reversed.error(), request);
      return Response::json(200, transfer_json(reversed->row, person_id, reversed->counterpart_name));
    });
  });
}

}  // namespace yibao::http::api
