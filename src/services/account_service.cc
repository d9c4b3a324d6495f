#include "services/account_service.h"

#include <charconv>
#include <set>

#include "core/clock.h"
#include "services/agency_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "2026-11" -> first day of that month.
std::optional<std::chrono::year_month_day> month_start(const std::string& month) {
  int y = 0, m = 0;
  if (month.size() != 7 || month[4] != '-' || !parse_int(month.substr(0, 4), y) || !parse_int(month.substr(5, 2), m) ||
      m < 1 || m > 12 || y < 2000) {
    return std::nullopt;
  }
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)}, std::chrono::day{1}};
}

// One candidate per person: the monthly credit belongs to the person and insutype (310), not
// to an enrolment record, so no data shape (two records merged, two overlapping 310
// enrolments) can credit one account twice in a month.
struct CreditCandidate {
  std::int64_t person_id;
  std::string admdvs;    // of the enrolment that decides (the current one, else the oldest)
  std::string psn_type;
};

bool in_scope(const std::string& scope, const std::string& admdvs) { return scope.empty() || staff_covers(scope, admdvs); }

// The shape both periodic jobs share: read a page of candidates after the last id seen (keyset
// pagination), process the page in one write transaction, add its figures to the report and
// report progress — until a page comes back empty.
template <class FetchPage, class IdOf, class ProcessPage>
core::Result<JobReport> run_batched(store::Database& db, JobReport report, const JobProgress& progress,
                                    FetchPage fetch_page, IdOf id_of, ProcessPage process_page) {
  std::int64_t after_id = 0;
  for (;;) {
    auto page = db.read([&](store::Tx& tx) { return fetch_page(tx, after_id); });
    if (page.empty()) return report;
    after_id = id_of(page.back());
    auto batch = db.write([&](store::Tx& tx) { return process_page(tx, page); });
    if (!batch) return batch.error();
    report.add(*batch);
    if (progress) progress(report);
  }
}

}  // namespace

std::string current_account_code(std::int64_t person_id) { return "psn:" + std::to_string(person_id) + ":current"; }
std::string wallet_account_code(std::int64_t person_id) { return "wallet:" + std::to_string(person_id); }
std::string prior_account_code(std::int64_t person_id) { return "psn:" + std::to_string(person_id) + ":prior"; }
std::string contribution_income_code(const std::string& admdvs) { return "income:" + admdvs + ":310"; }

namespace {

// Keyed by person and insutype: a second enrolment record of one person cannot claim a second key.
std::string monthly_credit_key(std::int64_t person_id, const std::string& month) {
  return "monthly_credit:psn:" + std::to_string(person_id) + ":310:" + month;
}

// The persons of the page whose 当年 account already received a monthly credit for `month`,
// under any key: keys before migration 0011 named an enrolment (monthly_credit:<enrolment>:<month>).
std::set<std::int64_t> credited_in_month(store::Tx& tx, const std::vector<CreditCandidate>& page,
                                         const std::string& month) {
  std::set<std::int64_t> out;
  if (page.empty()) return out;
  std::vector<std::string> codes;
  for (const auto& c : page) codes.push_back(current_account_code(c.person_id));
  std::string in;
  for (std::size_t i = 0; i < codes.size(); ++i) in += (i ? ", :c" : ":c") + std::to_string(i);
  long long person = 0;
  auto st = tx.once_bound(
      "SELECT DISTINCT a.person_id FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id"
      " JOIN ledger_accounts a ON a.id = e.credit_account_id WHERE t.kind = 'monthly_credit' AND t.reference = :m"
      " AND a.code IN (" + in + ")",
      [&](soci::statement& s) {
        s.exchange(soci::use(month, "m"));
        for (std::size_t i = 0; i < codes.size(); ++i) s.exchange(soci::use(codes[i], "c" + std::to_string(i)));
        s.exchange(soci::into(person));
      });
  st.execute(false);
  while (st.fetch()) out.insert(person);
  return out;
}

// A person's 当年/历年 balances out of LedgerRepo::accounts (a missing account holds 0).
domain::AccountBalances personal_balances_from(const std::map<std::string, store::LedgerAccount>& accounts,
                                               std::int64_t person_id) {
  domain::AccountBalances out;
  if (auto it = accounts.find(current_account_code(person_id)); it != accounts.end()) out.current = it->second.available();
  if (auto it = accounts.find(prior_account_code(person_id)); it != accounts.end()) out.prior = it->second.available();
  return out;
}

}  // namespace

domain::AccountBalances ensure_personal_accounts(store::Tx& tx, std::int64_t person_id, const std::string& admdvs,
                                                 std::int64_t now_us) {
  const auto existing = store::LedgerRepo::accounts(tx, {current_account_code(person_id), prior_account_code(person_id)});
  if (existing.size() == 2) return personal_balances_from(existing, person_id);
  const auto current = store::LedgerRepo::ensure_account(tx, current_account_code(person_id), "personal_current",
                                                         person_id, admdvs, true, now_us);
  const auto prior = store::LedgerRepo::ensure_account(tx, prior_account_code(person_id), "personal_prior", person_id,
                                                       admdvs, true, now_us);
  return {current.available(), prior.available()};
}

domain::AccountBalances personal_balances(store::Tx& tx, std::int64_t person_id) {
  return personal_balances_from(
      store::LedgerRepo::accounts(tx, {current_account_code(person_id), prior_account_code(person_id)}), person_id);
}

std::map<std::int64_t, domain::AccountBalances> personal_balances_of(
    store::Tx& tx, const std::vector<std::int64_t>& person_ids, const std::vector<std::string>& also,
    std::map<std::string, store::LedgerAccount>* read) {
  std::vector<std::string> codes = also;
  for (const auto id : person_ids) {
    codes.push_back(current_account_code(id));
    codes.push_back(prior_account_code(id));
  }
  auto accounts = store::LedgerRepo::accounts(tx, codes);
  std::map<std::int64_t, domain::AccountBalances> out;
  for (const auto id : person_ids) out[id] = personal_balances_from(accounts, id);
  if (read != nullptr) *read = std::move(accounts);
  return out;
}

core::Result<JobReport> AccountService::run_monthly_credit(const std::string& month, const std::string& scope,
                                                           const JobProgress& progress) {
  const auto first_day = month_start(month);
  if (!first_day) return Error{Reason::LEDGER_PERIOD_INVALID, month, "month"};
  const std::string day_text = core::format_date(*first_day);
  JobReport report;
  report.period = month;
  return run_batched(
      ctx_.db, std::move(report), progress,
      [&](store::Tx& tx, std::int64_t after_id) {
      // Keyset by person; a person's rows come current first, so the first one decides. A page
      // that ends inside a person's rows loses nothing: that person was already taken.
      std::vector<CreditCandidate> out;
      CreditCandidate c{};
      long long person = 0;
      const long long after = after_id;
      auto st = tx.once(
          "SELECT e.person_id, e.admdvs, e.psn_type FROM enrolments e JOIN persons p ON p.id = e.person_id"
          " WHERE e.insutype = '310' AND e.status = 'normal' AND p.status = 'active' AND e.start_date <= :day1"
          " AND (e.end_date IS NULL OR e.end_date >= :day2) AND e.person_id > :after"
          " ORDER BY e.person_id, e.is_current DESC, e.id LIMIT " + std::to_string(kJobBatch),
          soci::use(day_text, "day1"), soci::use(day_text, "day2"), soci::use(after, "after"), soci::into(person),
          soci::into(c.admdvs), soci::into(c.psn_type));
      st.execute(false);
      while (st.fetch()) {
        if (!out.empty() && out.back().person_id == person) continue;
        c.person_id = person;
        out.push_back(c);
      }
      return out;
      },
      [](const CreditCandidate& c) { return c.person_id; },
      [&](store::Tx& tx, const std::vector<CreditCandidate>& page) -> core::Result<JobReport> {
      JobReport delta;
      const std::int64_t stamp = now_us(ctx_.clock);
      const auto credited = credited_in_month(tx, page, month);
      for (const auto& c : page) {
        if (!in_scope(scope, c.admdvs)) continue;
        ++delta.considered;
        if (credited.contains(c.person_id)) {
          ++delta.already_posted;
          continue;
        }
        const auto policy = policy_for(tx, c.admdvs);
        const bool retired = c.psn_type.starts_with("12") || c.psn_type.starts_with("13");
        const std::int64_t amount = retired ? policy.account_credit_retired_fen : policy.account_credit_in_service_fen;
        if (amount <= 0) {
          ++delta.skipped;
          continue;
        }
        ensure_personal_accounts(tx, c.person_id, c.admdvs, stamp);
        const auto source = store::LedgerRepo::ensure_account(tx, contribution_income_code(c.admdvs),
                                                              "contribution_income", std::nullopt, c.admdvs, false, stamp);
        const auto target = store::LedgerRepo::account(tx, current_account_code(c.person_id));
        store::TransferRequest t;
        t.idempotency_key = monthly_credit_key(c.person_id, month);
        t.kind = "monthly_credit";
        t.reference = month;
        t.note = retired ? "个人账户划入（退休）" : "个人账户划入（在职）";
        t.legs.push_back(store::LedgerLeg{source.id, target->id, amount, retired ? "credit:retired" : "credit:in_service"});
        auto posted = store::LedgerRepo::post(tx, t, stamp);
        if (!posted) return posted.error();
        if (posted->already_posted) {
          ++delta.already_posted;
        } else {
          ++delta.posted;
          delta.moved_fen += amount;
        }
      }
      return delta;
      });
}

core::Result<JobReport> AccountService::run_year_rollover(const std::string& year, const std::string& scope,
                                                          const JobProgress& progress) {
  int y = 0;
  if (year.size() != 4 || !parse_int(year, y) || y < 2000) return Error{Reason::LEDGER_PERIOD_INVALID, year, "year"};
  const std::string next_year_prefix = std::to_string(y + 1) + "-";
  struct Candidate {
    std::int64_t account_id;
    std::int64_t person_id;
    std::string admdvs;
  };
  JobReport report;
  report.period = year;
  return run_batched(
      ctx_.db, std::move(report), progress,
      [&](store::Tx& tx, std::int64_t after_id) {
      std::vector<Candidate> out;
      long long id = 0, person = 0;
      std::string admdvs;
      const long long after = after_id;
      auto st = tx.once("SELECT id, person_id, admdvs FROM ledger_accounts WHERE kind = 'personal_current'"
                                                " AND id > :after ORDER BY id LIMIT " + std::to_string(kJobBatch),
                            soci::use(after), soci::into(id), soci::into(person), soci::into(admdvs));
      st.execute(false);
      while (st.fetch()) out.push_back(Candidate{id, person, admdvs});
      return out;
      },
      [](const Candidate& c) { return c.account_id; },
      [&](store::Tx& tx, const std::vector<Candidate>& page) -> core::Result<JobReport> {
      JobReport delta;
      const std::int64_t stamp = now_us(ctx_.clock);
      for (const auto& c : page) {
        if (!in_scope(scope, c.admdvs)) continue;
        ++delta.considered;
        const std::string key = "rollover:" + std::to_string(c.person_id) + ":" + year;
        if (store::LedgerRepo::transfer_exists(tx, key)) {
          ++delta.already_posted;
          continue;
        }
        // After the next year's first credit the 当年 balance mixes two years: refuse that person.
        int next_credits = 0;
        const std::string pattern = next_year_prefix + "%";
        tx.run("SELECT COUNT(*) FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id"
                    " WHERE t.kind = 'monthly_credit' AND t.reference LIKE :p AND e.credit_account_id = :a",
            soci::use(pattern), soci::use(static_cast<long long>(c.account_id)), soci::into(next_credits));
        if (next_credits > 0) {
          ++delta.skipped;
          continue;
        }
        const auto current = store::LedgerRepo::account_by_id(tx, c.account_id);
        if (!current || current->available() <= 0) {
          ++delta.skipped;
          continue;
        }
        ensure_personal_accounts(tx, c.person_id, c.admdvs, stamp);
        const auto prior = store::LedgerRepo::account(tx, prior_account_code(c.person_id));
        store::TransferRequest t;
        t.idempotency_key = key;
        t.kind = "year_rollover";
        t.reference = year;
        t.note = year + " 年度当年账户结转历年账户";
        t.legs.push_back(store::LedgerLeg{current->id, prior->id, current->available(), "rollover:current_to_prior"});
        auto posted = store::LedgerRepo::post(tx, t, stamp);
        if (!posted) return posted.error();
        ++delta.posted;
        delta.moved_fen += current->available();
      }
      return delta;
      });
}

AccountService::Statement AccountService::statement(std::int64_t person_id, const std::string& which, int limit,
                                                    std::int64_t before_entry_id) {
  return ctx_.db.read([&](store::Tx& tx) {
    Statement s;
    const auto current = store::LedgerRepo::account(tx, current_account_code(person_id));
    const auto prior = store::LedgerRepo::account(tx, prior_account_code(person_id));
    s.has_account = current.has_value() || prior.has_value();
    if (current) s.balances.current = current->balance();
    if (prior) s.balances.prior = prior->balance();
    const auto& chosen = which == "prior" ? prior : current;
    if (chosen) s.entries = store::LedgerRepo::entries_of(tx, chosen->id, limit, before_entry_id);
    return s;
  });
}

store::AuditReport AccountService::audit() {
  return ctx_.db.read([](store::Tx& tx) { return store::LedgerRepo::audit(tx); });
}

}  // namespace yibao::services
