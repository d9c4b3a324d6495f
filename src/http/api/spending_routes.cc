#include "http/api/spending_routes.h"

#include <string>

#include "core/clock.h"
#include "core/masking.h"
#include "services/spending.h"

namespace yibao::http::api {
namespace {

namespace json = boost::json;
using core::Error;
using core::Reason;

json::object money_json(const services::SpendingTotals& t) {
  json::object o;
  put_money(o, "medfee_sumamt", t.medfee_sumamt);
  put_money(o, "fund_pay", t.fund_pay_sumamt);
  put_money(o, "acct_pay", t.acct_pay);
  put_money(o, "acct_mulaid_pay", t.acct_mulaid_pay);
  put_money(o, "cash_pay", t.psn_cash_pay);
  o["count"] = t.count;
  return o;
}

// agnter_rlts as GB/T 4761 家庭关系代码, which HIS relation pickers use; by its first digit
// (10 配偶, 20–29 子, 30–39 女, …). A code outside the table is shown as sent.
std::string relation_name(const std::string& code) {
  if (code == "0" || code == "01" || code == "00") return "本人";
  if (code.size() != 2 || code.find_first_not_of("0123456789") != std::string::npos) return code;
  switch (code[0]) {
    case '1': return "配偶";
    case '2': return "儿子";
    case '3': return "女儿";
    case '4': return "孙子女或外孙子女";
    case '5': return "父母";
    case '6': return "祖父母或外祖父母";
    case '7': return "兄弟姐妹";
    default: return "其他";
  }
}

// "谁替我办的": enough for the patient or their family to recognise the agent, masked like
// every name and phone the apps show (domain.md §11); the ID number is never shown.
json::object agent_json(const store::VisitAgent& a) {
  return json::object{{"name", core::mask_name(a.name)},
                      {"relation_code", a.rlts},
                      {"relation", relation_name(a.rlts)},
                      {"tel", a.tel.empty() ? json::value(nullptr) : json::value(core::mask_phone(a.tel))}};
}

json::object spending_json(const services::Spending& s) {
  json::array by_institution;
  for (const auto& [name, totals] : s.by_institution) {
    auto o = money_json(totals);
    o["institution_name"] = name;
    by_institution.push_back(o);
  }
  json::array items;
  for (const auto& row : s.settlements) {
    json::object o;
    o["setl_id"] = row.setl_id;
    o["kind"] = row.kind;
    o["status"] = row.status;
    o["institution_code"] = row.institution_code;
    o["institution_name"] = row.institution_name;
    o["insutype"] = row.insutype;
    o["med_type"] = row.med_type;
    o["visit_kind"] = row.visit_kind;
    o["diagnosis"] = row.diagnosis;
    o["settled_at"] = iso_us(row.settled_at_us);
    put_money(o, "medfee_sumamt", row.medfee_sumamt);
    put_money(o, "fund_pay", row.fund_pay_sumamt);
    put_money(o, "acct_pay", row.acct_pay);
    put_money(o, "acct_mulaid_pay", row.acct_mulaid_pay);
    put_money(o, "cash_pay", row.psn_cash_pay);
    if (row.reverses_setl_id) o["reverses_setl_id"] = *row.reverses_setl_id;
    o["agent"] = row.agent ? json::value(agent_json(*row.agent)) : json::value(nullptr);
    // Who paid what, one line per payer, as the ledger moved it.
    json::array payers;
    if (auto it = s.payers.find(row.setl_id); it != s.payers.end()) {
      for (const auto& line : it->second) {
        json::object p{{"kind", line.kind}, {"label", line.label}};
        if (!line.person_name.empty()) p["person_name"] = core::mask_name(line.person_name);
        put_money(p, "amount", line.amount);
        payers.push_back(std::move(p));
      }
    }
    o["payers"] = std::move(payers);
    items.push_back(o);
  }
  return json::object{{"year", s.year}, {"totals", money_json(s.totals)}, {"by_institution", by_institution},
                      {"settlements", items}};
}

// GET …/spending[?year=YYYY] of one person (this year by default).
Response spending_response(ApiDeps& deps, const Request& request, std::int64_t person_id) {
  int year = static_cast<int>(core::shanghai_date(deps.ctx.clock.now()).year());
  if (auto y = query_param(request, "year")) {
    if (y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos) {
      return fail(Error{Reason::FIELD_INVALID, "year 须为四位年份", "year"}, request);
    }
    year = std::stoi(*y);
  }
  return Response::json(200, spending_json(services::spending_of(deps.ctx.db, person_id, year)));
}

}  // namespace

void add_spending_routes(Router& router, ApiDeps& deps) {
  router.get("/api/v1/me/spending", [&deps](Request& request) {
    return as_person(deps, request, [&](const services::Principal& p) { return spending_response(deps, request, p.subject_id); });
  });
  // The member's own settlements, only while the binding is active.
  router.get("/api/v1/me/family/members/{member_id}/spending", [&deps](Request& request) {
    return as_holder_of(deps, request, [&](const services::Principal&, std::int64_t member) {
      return spending_response(deps, request, member);
    });
  });
  // For staff answering "why did I pay cash?" at the counter.
  router.get("/api/agency/v1/persons/{psn_no}/spending", [&deps](Request& request) {
    return as_staff_on(deps, request, "spending", [&](const store::StaffRow&, std::int64_t person_id) {
      return spending_response(deps, request, person_id);
    });
  });
}

}  // namespace yibao::http::api
