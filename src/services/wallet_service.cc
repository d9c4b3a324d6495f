#include "services/wallet_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/masking.h"
#include "core/money.h"
#include "domain/mutual_aid_rules.h"
#include "domain/wallet_rules.h"
#include "services/account_service.h"
#include "services/family_service.h"
#include "services/mutual_aid_service.h"
#include "store/family_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/people_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr int kTransfersShown = 50;

std::string quota_reference(std::int64_t id) { return "quota:" + std::to_string(id); }
std::string transfer_reference(std::int64_t id) { return "wallet_transfer:" + std::to_string(id); }
std::string yuan(std::int64_t fen) { return core::Money::from_fen(fen).to_string(); }

bool on_prior(const store::HoldRow& h) { return h.idempotency_key.ends_with(":prior"); }

// What the holds of one quota or transfer reserve, by account.
domain::HoldSplit held_by(const std::vector<store::HoldRow>& holds) {
  domain::HoldSplit out;
  for (const auto& h : holds) {
    if (h.status != "pending") continue;
    (on_prior(h) ? out.prior : out.current) += h.amount;
  }
  return out;
}

QuotaView quota_view(store::Tx& tx, const store::QuotaRow& row) {
  QuotaView v{row, 0, 0};
  for (const auto& h : store::LedgerRepo::holds_by_reference(tx, {quota_reference(row.id)})) {
    if (h.status == "pending") v.left += h.amount;
    v.spent += h.spent;
  }
  return v;
}

std::string name_of(store::Tx& tx, std::int64_t person_id) {
  auto p = store::PeopleRepo::person_by_id(tx, person_id);
  return p ? p->name : std::string{};
}

void notify(store::Tx& tx, std::int64_t person_id, const std::string& template_code, const std::string& text,
            const std::string& topic, std::int64_t now) {
  auto phone = phone_of(tx, person_id);
  if (!phone) return;
  store::OutboxRow o;
  o.person_id = person_id;
  o.phone = *phone;
  o.template_code = template_code;
  o.text = text;
  o.topic = topic;
  o.next_attempt_at_us = now;
  o.created_at_us = now;
  store::FamilyRepo::enqueue(tx, o);
}

void audit(store::Tx& tx, std::int64_t actor, std::int64_t subject, const std::string& action, const std::string& detail,
           std::int64_t now) {
  store::InstitutionRepo::audit(tx, store::AuditRow{"person", std::to_string(actor), subject, action, "app", detail, now});
}

// The giver's two personal accounts, by part; nullopt when the giver has none (not 职工).
struct GiverAccounts {
  store::LedgerAccount prior, current;
};
std::optional<GiverAccounts> giver_accounts(store::Tx& tx, std::int64_t giver) {
  auto prior = store::LedgerRepo::account(tx, prior_account_code(giver));
  auto current = store::LedgerRepo::account(tx, current_account_code(giver));
  if (!prior || !current) return std::nullopt;
  return GiverAccounts{*prior, *current};
}

// Moves the holds under `reference` to `target` (per account part), placing the ones missing.
// Holds are raised or lowered in ascending id order, the order every hold-taking path uses.
core::Status hold_exactly(store::Tx& tx, const std::string& reference, const std::string& kind,
                          const GiverAccounts& accounts, const domain::HoldSplit& target, std::int64_t now) {
  auto holds = store::LedgerRepo::holds_by_reference(tx, {reference});
  std::sort(holds.begin(), holds.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  bool have_prior = false, have_current = false;
  for (const auto& h : holds) {
    if (h.status != "pending") continue;
    const bool prior = on_prior(h);
    (prior ? have_prior : have_current) = true;
    const std::int64_t want = prior ? target.prior : target.current;
    if (want == h.amount) continue;
    if (auto st = store::LedgerRepo::adjust_hold(tx, h.id, want - h.amount, now); !st) return st.error();
  }
  for (const auto& [prior, want, have] : {std::tuple{true, target.prior, have_prior}, std::tuple{false, target.current, have_current}}) {
    if (have || want == 0) continue;
    store::HoldRequest request{reference + (prior ? ":prior" : ":current"), kind,
                               prior ? accounts.prior.id : accounts.current.id, want, reference};
    if (auto st = store::LedgerRepo::place_hold(tx, request, now); !st) return st.error();
  }
  return {};
}

// BALANCE_INSUFFICIENT from a hold: another payment spent the money after the split was
// decided on what it read; the caller's own rule says why to the person.
core::Error short_as(const core::Error& e, Reason rule) {
  return e.reason == Reason::BALANCE_INSUFFICIENT ? Error{rule, "", "amount"} : e;
}

void void_holds(store::Tx& tx, const std::string& reference, std::int64_t now) {
  for (const auto& h : store::LedgerRepo::holds_by_reference(tx, {reference})) {
    if (h.status == "pending") store::LedgerRepo::close_hold(tx, h.id, "voided", now);
  }
}

// Both sides of a gift from `giver` to a member of their 亲情账户.
struct Gift {
  domain::GiftParties parties;
  domain::RegionPolicy policy;
};
core::Result<Gift> gift_between(store::Tx& tx, std::int64_t giver, std::int64_t receiver,
                                 std::chrono::year_month_day today) {
  auto binding = store::FamilyRepo::active_pair(tx, giver, receiver);
  if (!binding) return Error{Reason::FAMILY_NOT_BOUND};
  Gift g;
  g.parties.giver = party_of(tx, giver, today, true);
  g.parties.receiver = party_of(tx, receiver, today, false);
  g.parties.giver_wallet = store::WalletRepo::wallet(tx, giver).has_value();
  g.parties.same_person = giver == receiver;
  g.parties.relation = binding->relation;
  g.policy = authoriser_policy(tx, g.parties.giver);
  return g;
}

}  // namespace

WalletView WalletService::view(std::int64_t person_id) {
  return ctx_.db.read([&](store::Tx& tx) {
    WalletView v;
    v.wallet = store::WalletRepo::wallet(tx, person_id);
    v.phone = phone_of(tx, person_id).value_or("");
    if (auto wallet = store::LedgerRepo::account(tx, wallet_account_code(person_id))) v.balance = wallet->available();
    if (auto accounts = giver_accounts(tx, person_id)) {
      v.has_account = true;
      v.own = {accounts->current.available(), accounts->prior.available()};
      v.held = accounts->current.debits_pending + accounts->prior.debits_pending;
    }
    const auto today = core::shanghai_date(ctx_.clock.now());
    v.policy = authoriser_policy(tx, party_of(tx, person_id, today, true));
    const auto given = store::WalletRepo::active_quotas_of_giver(tx, person_id);
    for (const auto& b : store::FamilyRepo::as_holder(tx, person_id)) {
      if (b.status != "active") continue;
      WalletRelative r{b.member_person_id, name_of(tx, b.member_person_id), b.relation,
                       store::WalletRepo::wallet(tx, b.member_person_id).has_value(), std::nullopt};
      for (const auto& q : given) {
        if (q.receiver_person_id == b.member_person_id) r.quota = quota_view(tx, q);
      }
      v.relatives.push_back(std::move(r));
    }
    for (const auto& q : store::WalletRepo::active_quotas_for_receiver(tx, person_id)) {
      v.received.push_back({quota_view(tx, q), name_of(tx, q.giver_person_id)});
    }
    for (const auto& b : store::FamilyRepo::as_member(tx, person_id)) {
      if (b.status != "active") continue;
      v.givers.push_back({b.holder_person_id, name_of(tx, b.holder_person_id), b.relation,
                          wallet_aid_diagnosis(tx, b.holder_person_id, person_id)});
    }
    for (const auto& t : store::WalletRepo::transfers_of(tx, person_id, kTransfersShown)) {
      const bool out = t.giver_person_id == person_id;
      v.transfers.push_back({t, out, name_of(tx, out ? t.receiver_person_id : t.giver_person_id)});
    }
    return v;
  });
}

StaffWalletView WalletService::staff_view(std::int64_t person_id) {
  StaffWalletView out{view(person_id), {}};
  std::vector<std::string> references;
  for (const auto& r : out.view.relatives) {
    if (r.quota) references.push_back(quota_reference(r.quota->row.id));
  }
  for (const auto& t : out.view.transfers) {
    if (t.outgoing) references.push_back(transfer_reference(t.row.id));
  }
  if (!references.empty()) {
    out.holds = ctx_.db.read([&](store::Tx& tx) { return store::LedgerRepo::holds_by_reference(tx, references); });
  }
  return out;
}

core::Status WalletService::open(std::int64_t person_id, const std::string& channel) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const auto now = now_us(ctx_.clock);
    if (store::WalletRepo::open(tx, store::WalletRow{person_id, person_id, channel, now})) {
      audit(tx, person_id, person_id, "wallet_opened", "", now);
      notify(tx, person_id, "WALLET_OPENED", "【医保】您已开通个人医保钱包，可在全国定点医药机构使用。",
             "wallet_opened:" + std::to_string(person_id), now);
    }
    return {};
  });
}

core::Result<store::WalletRow> WalletService::open_for_member(std::int64_t holder, std::int64_t member,
                                                               const std::string& channel) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::WalletRow> {
    if (auto st = require_active_binding(tx, holder, member); !st) return st.error();
    const auto now = now_us(ctx_.clock);
    const store::WalletRow opened{member, holder, channel, now};
    if (!store::WalletRepo::open(tx, opened)) return *store::WalletRepo::wallet(tx, member);
    audit(tx, holder, member, "wallet_opened_by_relative", "", now);
    return opened;
  });
}

core::Result<QuotaView> WalletService::set_quota(std::int64_t giver, std::int64_t receiver, std::int64_t amount) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<QuotaView> {
    const auto now = now_us(ctx_.clock);
    auto gift = gift_between(tx, giver, receiver, today);
    if (!gift) return gift.error();
    if (auto blockers = domain::gift_blockers(gift->parties); !blockers.empty()) return blockers.front();
    auto accounts = giver_accounts(tx, giver);
    if (!accounts) return Error{Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE};
    auto quota = store::WalletRepo::active_quota(tx, giver, receiver);
    if (!quota && amount <= 0) return Error{Reason::WALLET_QUOTA_NOT_SET, "", "amount"};
    const auto held = quota ? held_by(store::LedgerRepo::holds_by_reference(tx, {quota_reference(quota->id)}))
                            : domain::HoldSplit{};
    const domain::AccountBalances free{accounts->current.available(), accounts->prior.available()};
    auto split = domain::quota_split(amount, held, free, gift->policy);
    if (!split) return split.error();
    if (!quota) {
      store::QuotaRow row{0, giver, receiver, gift->parties.relation, amount, "active", "", now, now};
      row.id = store::WalletRepo::insert_quota(tx, row);
      quota = row;
    }
    if (auto st = hold_exactly(tx, quota_reference(quota->id), "quota", *accounts, *split, now); !st) {
      return short_as(st.error(), Reason::QUOTA_EXCEEDS_BALANCE);
    }
    store::WalletRepo::set_quota_amount(tx, quota->id, amount, now);
    quota->amount = amount;
    if (amount == 0) {
      store::WalletRepo::end_quota(tx, quota->id, "lowered_to_zero", now);
      void_holds(tx, quota_reference(quota->id), now);
      quota->status = "ended";
      quota->end_reason = "lowered_to_zero";
    }
    audit(tx, giver, receiver, "wallet_quota_set", yuan(amount), now);
    notify(tx, receiver, "WALLET_QUOTA_SET",
           "【医保】" + core::mask_name(name_of(tx, giver)) + "为您设置的家庭共济额度现为 " + yuan(amount) +
               " 元，看病购药时可使用。",
           quota_reference(quota->id), now);
    return quota_view(tx, *quota);
  });
}

core::Result<TransferView> WalletService::send(std::int64_t giver, std::int64_t receiver, std::int64_t amount) {
  const auto at = ctx_.clock.now();
  const auto today = core::shanghai_date(at);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<TransferView> {
    const auto now = now_us(ctx_.clock);
    // Two sends by one giver are judged one after the other (the daily count, the pending one).
    store::FamilyRepo::lock_persons(tx, giver, receiver);
    auto gift = gift_between(tx, giver, receiver, today);
    if (!gift) return gift.error();
    auto accounts = giver_accounts(tx, giver);
    domain::TransferFacts facts;
    facts.parties = gift->parties;
    facts.receiver_wallet = store::WalletRepo::wallet(tx, receiver).has_value();
    facts.amount = amount;
    facts.sent_today = store::WalletRepo::count_sent_on(tx, giver, core::format_date(today));
    if (auto pending = store::WalletRepo::pending_from(tx, giver)) {
      facts.unaccepted_returns_at = store::from_epoch_us(pending->returns_at_us);
    }
    if (accounts) facts.free = {accounts->current.available(), accounts->prior.available()};
    facts.now = at;
    if (auto blockers = domain::transfer_blockers(facts, gift->policy); !blockers.empty()) return blockers.front();
    if (!accounts) return Error{Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE};
    store::WalletTransferRow row;
    row.giver_person_id = giver;
    row.receiver_person_id = receiver;
    row.amount = amount;
    row.status = "pending";
    row.sent_day = core::format_date(today);
    row.sent_at_us = now;
    row.returns_at_us = store::to_epoch_us(domain::transfer_return_due(at, gift->policy));
    row.id = store::WalletRepo::insert_transfer(tx, row);
    const auto split = domain::transfer_split(amount, facts.free, gift->policy);
    if (auto st = hold_exactly(tx, transfer_reference(row.id), "wallet_transfer", *accounts, split, now); !st) {
      return short_as(st.error(), Reason::WALLET_TRANSFER_EXCEEDS_BALANCE);
    }
    audit(tx, giver, receiver, "wallet_transfer_sent", yuan(amount), now);
    notify(tx, receiver, "WALLET_TRANSFER_SENT",
           "【医保】" + core::mask_name(name_of(tx, giver)) + "向您的医保钱包转入 " + yuan(amount) + " 元，请在 " +
               core::format_shanghai_datetime(store::from_epoch_us(row.returns_at_us)).substr(0, 16) +
               " 前在医保钱包中接收，逾期退回。",
           transfer_reference(row.id), now);
    return TransferView{row, true, name_of(tx, receiver)};
  });
}

core::Result<TransferView> WalletService::accept(std::int64_t receiver, std::int64_t transfer_id) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<TransferView> {
    const auto now = now_us(ctx_.clock);
    auto row = store::WalletRepo::transfer(tx, transfer_id);
    if (!row || row->receiver_person_id != receiver) return Error{Reason::WALLET_TRANSFER_NOT_FOUND};
    if (row->status != "pending") return Error{Reason::WALLET_TRANSFER_CLOSED, row->status};
    // Past its return time the money is the giver's again, whether or not the job ran yet.
    if (now >= row->returns_at_us) return Error{Reason::WALLET_TRANSFER_CLOSED, "returned"};
    if (!store::WalletRepo::wallet(tx, receiver)) return Error{Reason::WALLET_NOT_OPENED};
    if (!store::WalletRepo::close_transfer(tx, row->id, "pending", "accepted", "receiver", "", now)) {
      return Error{Reason::WALLET_TRANSFER_CLOSED};
    }
    const auto today = core::shanghai_date(store::from_epoch_us(now));
    const auto wallet = store::LedgerRepo::ensure_account(tx, wallet_account_code(receiver), "wallet", receiver,
                                                          party_of(tx, receiver, today, false).admdvs, true, now);
    store::TransferRequest transfer;
    transfer.idempotency_key = transfer_reference(row->id);
    transfer.kind = "wallet_transfer";
    transfer.reference = transfer_reference(row->id);
    transfer.note = "医保钱包转账";
    auto holds = store::LedgerRepo::holds_by_reference(tx, {transfer_reference(row->id)});
    std::sort(holds.begin(), holds.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& h : holds) {
      if (h.status == "pending" && h.amount > 0) {
        transfer.legs.push_back({h.account_id, wallet.id, h.amount, on_prior(h) ? "wallet:transfer:prior" : "wallet:transfer:current", h.id});
      }
    }
    if (auto posted = store::LedgerRepo::post(tx, transfer, now); !posted) return posted.error();
    for (const auto& h : holds) store::LedgerRepo::close_hold(tx, h.id, "posted", now);
    audit(tx, receiver, receiver, "wallet_transfer_accepted", yuan(row->amount), now);
    notify(tx, row->giver_person_id, "WALLET_TRANSFER_ACCEPTED",
           "【医保】" + core::mask_name(name_of(tx, receiver)) + "已接收您转入医保钱包的 " + yuan(row->amount) + " 元。",
           transfer_reference(row->id) + ":accepted", now);
    row->status = "accepted";
    row->closed_at_us = now;
    row->closed_by = "receiver";
    return TransferView{*row, false, name_of(tx, row->giver_person_id)};
  });
}

core::Result<TransferView> WalletService::reverse(const TransferReversal& req) {
  if (req.reason.empty()) return Error{Reason::FIELD_MISSING, "撤销原因", "reason"};
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<TransferView> {
    const auto now = now_us(ctx_.clock);
    auto row = store::WalletRepo::transfer(tx, req.transfer_id);
    if (!row || (row->giver_person_id != req.person_id && row->receiver_person_id != req.person_id)) {
      return Error{Reason::WALLET_TRANSFER_NOT_FOUND};
    }
    const std::string by = "staff:" + std::to_string(req.staff_id);
    const std::string reference = transfer_reference(row->id);
    if (row->status == "pending") {
      if (!store::WalletRepo::close_transfer(tx, row->id, "pending", "reversed", by, req.reason, now)) {
        return Error{Reason::WALLET_TRANSFER_CLOSED};
      }
      void_holds(tx, reference, now);
    } else if (row->status == "accepted") {
      if (!store::WalletRepo::close_transfer(tx, row->id, "accepted", "reversed", by, req.reason, now)) {
        return Error{Reason::WALLET_TRANSFER_CLOSED};
      }
      // The money goes back the way it came: each posted leg swapped, to the account it left.
      store::TransferRequest back;
      back.idempotency_key = reference + ":reversed";
      back.kind = "wallet_transfer_reversal";
      back.reference = reference;
      back.note = "医保钱包转账撤销：" + req.reason;
      for (const auto& leg : store::LedgerRepo::legs_of(tx, reference)) {
        back.legs.push_back({leg.credit_account_id, leg.debit_account_id, leg.amount, "wallet:reversal"});
      }
      if (auto posted = store::LedgerRepo::post(tx, back, now); !posted) {
        return short_as(posted.error(), Reason::WALLET_REVERSAL_SPENT);
      }
    } else {
      return Error{Reason::WALLET_TRANSFER_CLOSED, row->status};
    }
    store::InstitutionRepo::audit(tx, store::AuditRow{"staff", std::to_string(req.staff_id), req.person_id,
                                                      "wallet_transfer_reversed", "console",
                                                      reference + " " + yuan(row->amount) + "：" + req.reason, now});
    const std::string text = "【医保】" + core::mask_name(name_of(tx, row->giver_person_id)) + "转给" +
                             core::mask_name(name_of(tx, row->receiver_person_id)) + "的 " + yuan(row->amount) +
                             " 元医保钱包转账已由经办机构撤销，资金退回转出方个人账户。";
    for (const auto person : {row->giver_person_id, row->receiver_person_id}) {
      notify(tx, person, "WALLET_TRANSFER_REVERSED", text, reference + ":reversed:" + std::to_string(person), now);
    }
    row->status = "reversed";
    row->closed_at_us = now;
    row->closed_by = by;
    row->close_note = req.reason;
    const bool outgoing = row->giver_person_id == req.person_id;
    return TransferView{*row, outgoing, name_of(tx, outgoing ? row->receiver_person_id : row->giver_person_id)};
  });
}

ReturnReport WalletService::return_due(int limit) {
  ReturnReport report;
  const auto due = ctx_.db.read([&](store::Tx& tx) { return store::WalletRepo::due_returns(tx, now_us(ctx_.clock), limit); });
  for (const auto& row : due) {
    const bool mine = ctx_.db.write([&](store::Tx& tx) {
      const auto now = now_us(ctx_.clock);
      // Another instance (or an acceptance just before 06:00) may have closed it: then nothing.
      if (!store::WalletRepo::close_transfer(tx, row.id, "pending", "returned", "return_job", "", now)) return false;
      void_holds(tx, transfer_reference(row.id), now);
      notify(tx, row.giver_person_id, "WALLET_TRANSFER_RETURNED",
             "【医保】您转给" + core::mask_name(name_of(tx, row.receiver_person_id)) + "的 " + yuan(row.amount) +
                 " 元未被接收，已退回您的个人账户。",
             transfer_reference(row.id) + ":returned", now);
      return true;
    });
    if (mine) {
      ++report.returned;
      report.amount += row.amount;
    }
  }
  return report;
}

std::vector<core::Error> wallet_aid_diagnosis(store::Tx& tx, std::int64_t giver, std::int64_t receiver) {
  domain::WalletAidFacts facts;
  facts.giver_wallet = store::WalletRepo::wallet(tx, giver).has_value();
  if (auto quota = store::WalletRepo::active_quota(tx, giver, receiver)) {
    facts.quota_active = true;
    facts.quota_left = quota_view(tx, *quota).left;
  }
  facts.receiver_wallet = store::WalletRepo::wallet(tx, receiver).has_value();
  if (auto wallet = store::LedgerRepo::account(tx, wallet_account_code(receiver))) facts.wallet_balance = wallet->available();
  if (auto pending = store::WalletRepo::pending_from(tx, giver); pending && pending->receiver_person_id == receiver) {
    facts.unaccepted_returns_at = store::from_epoch_us(pending->returns_at_us);
    facts.unaccepted_amount = pending->amount;
  }
  return domain::wallet_aid_blockers(facts);
}

int end_quotas_no_longer_allowed(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today,
                                 std::int64_t now_us) {
  auto quotas = store::WalletRepo::active_quotas_of_giver(tx, person_id);
  for (auto& q : store::WalletRepo::active_quotas_for_receiver(tx, person_id)) quotas.push_back(std::move(q));
  int ended = 0;
  for (const auto& q : quotas) {
    std::string reason;
    const auto giver = party_of(tx, q.giver_person_id, today, true);
    if (!store::FamilyRepo::active_pair(tx, q.giver_person_id, q.receiver_person_id)) {
      reason = "unbound";
    } else if (!giver.employee) {
      reason = "giver_not_eligible";
    } else if (!party_of(tx, q.receiver_person_id, today, false).insured) {
      reason = "receiver_not_insured";
    }
    if (reason.empty() || !store::WalletRepo::end_quota(tx, q.id, reason, now_us)) continue;
    void_holds(tx, quota_reference(q.id), now_us);
    ++ended;
  }
  return ended;
}

}  // namespace yibao::services
