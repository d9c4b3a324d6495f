#include "services/family_service.h"

#include <algorithm>
#include <fstream>

#include <sodium.h>

#include "core/clock.h"
#include "core/id_number.h"
#include "core/masking.h"
#include "docs/documents.h"
#include "domain/credential_rules.h"
#include "domain/enrolment_rules.h"
#include "domain/mutual_aid_rules.h"
#include "domain/pin_rules.h"
#include "services/agency_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "services/wallet_service.h"
#include "services/upload_images.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr int kOutboxMaxAttempts = 8;
constexpr std::int64_t kOutboxFirstBackoffUs = 30'000'000;  // 30 s, doubling per attempt
constexpr std::int64_t kOutboxLeaseUs = 120'000'000;        // a sender's hold on a row while it sends

std::string month_of(std::chrono::year_month_day day) { return core::format_date(day).substr(0, 7); }

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

int age_of(const std::string& id_number, std::chrono::year_month_day today) {
  auto id = core::IdNumber::parse(id_number, today);
  return id ? id->age_on(today) : 0;
}

std::string channel_label_of(const std::string& channel) {
  auto c = domain::parse_channel(channel);
  return c ? std::string(domain::channel_label(*c)) : channel;
}

std::string date_of_us(std::int64_t us) {
  return core::format_date(core::shanghai_date(std::chrono::system_clock::time_point{std::chrono::microseconds{us}}));
}

docs::CommitmentLetter letter_of(const store::FamilyBindingRow& row, const std::string& holder_name,
                                 const std::string& holder_id_number) {
  docs::CommitmentLetter l;
  l.holder_name = holder_name;
  l.holder_id_masked = core::mask_id_number(holder_id_number);
  l.member_name = row.member_name;
  l.member_id_masked = core::mask_id_number(row.member_id_number);
  l.relation_label = std::string(domain::relation_label(row.relation));
  l.date = date_of_us(row.created_at_us);
  l.channel_label = channel_label_of(row.channel);
  return l;
}

void audit(store::Tx& tx, const std::string& kind, const std::string& actor, std::int64_t subject,
           const std::string& action, const std::string& channel, const std::string& detail, std::int64_t now) {
  store::InstitutionRepo::audit(tx, store::AuditRow{kind, actor, subject, action, channel, detail, now});
}

// Queues one SMS to each side that has a phone on record.
void notify(store::Tx& tx, const store::FamilyBindingRow& row, const std::string& event, std::int64_t now) {
  auto holder = store::PeopleRepo::person_by_id(tx, row.holder_person_id);
  auto member = store::PeopleRepo::person_by_id(tx, row.member_person_id);
  if (!holder || !member) return;
  const std::string topic = event + ":" + std::to_string(row.id);
  std::string to_holder, to_member;
  if (event == "family_bound") {
    to_holder = "【医保】您已在亲情账户中添加家庭成员" + core::mask_name(member->name) + "。";
    to_member = "【医保】" + core::mask_name(holder->name) + "已将您添加为亲情账户家庭成员，可代您出示医保码、查询费用。";
  } else {
    const std::string why(domain::unbind_reason_label(row.unbind_reason));
    to_holder = "【医保】您与家庭成员" + core::mask_name(member->name) + "的亲情账户绑定已解除：" + why + "。";
    to_member = "【医保】您与" + core::mask_name(holder->name) + "的亲情账户绑定已解除：" + why + "。";
  }
  for (const auto& [person_id, text] : {std::pair{row.holder_person_id, to_holder}, std::pair{row.member_person_id, to_member}}) {
    auto phone = phone_of(tx, person_id);
    if (!phone) continue;
    store::OutboxRow o;
    o.person_id = person_id;
    o.phone = *phone;
    o.template_code = event == "family_bound" ? "FAMILY_BOUND" : "FAMILY_UNBOUND";
    o.text = text;
    o.topic = topic;
    o.next_attempt_at_us = now;
    o.created_at_us = now;
    store::FamilyRepo::enqueue(tx, o);
  }
}

bool end_binding(store::Tx& tx, const store::FamilyBindingRow& row, const std::string& reason, const std::string& note,
                 const std::string& by, std::int64_t now) {
  if (!store::FamilyRepo::unbind(tx, row.id, reason, note, by, now)) return false;
  auto ended = row;
  ended.status = "unbound";
  ended.unbind_reason = reason;
  ended.unbind_note = note;
  ended.unbound_by = by;
  ended.unbound_at_us = now;
  audit(tx, "system", by, row.member_person_id, "family_unbound", row.channel,
        "binding " + std::to_string(row.id) + " " + reason, now);
  notify(tx, ended, "family_unbound", now);
  // A 共济额度 rides on the binding (issue 16): it ends with it and gives back what it holds.
  const auto today = core::shanghai_date(std::chrono::system_clock::time_point{std::chrono::microseconds{now}});
  end_quotas_no_longer_allowed(tx, row.holder_person_id, today, now);
  return true;
}

// account_cancelled / account_expired / nullopt for the member's person and enrolments today.
std::optional<std::string> member_gone(store::Tx& tx, std::int64_t member, std::chrono::year_month_day today) {
  auto person = store::PeopleRepo::person_by_id(tx, member);
  if (!person || person->status != "active") return "account_cancelled";
  bool active = false, terminated = false;
  for (const auto& row : store::PeopleRepo::enrolments_of(tx, member)) {
    if (domain::is_active(to_domain(row), today)) active = true;
    if (row.status == "terminated") terminated = true;
  }
  if (active) return std::nullopt;
  return terminated ? "account_cancelled" : "account_expired";
}

}  // namespace

std::string commitment_sha256_of(const store::FamilyBindingRow& row, const std::string& holder_name,
                                 const std::string& holder_id_number) {
  return docs::commitment_letter_sha256(letter_of(row, holder_name, holder_id_number));
}

int reevaluate_family(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, std::int64_t now_us) {
  int ended = 0;
  std::vector<store::FamilyBindingRow> rows = store::FamilyRepo::as_member(tx, person_id);
  for (const auto& row : store::FamilyRepo::as_holder(tx, person_id)) rows.push_back(row);
  for (const auto& row : rows) {
    if (row.status != "active") continue;
    if (auto reason = member_gone(tx, row.member_person_id, today)) {
      if (end_binding(tx, row, *reason, "", "system", now_us)) ++ended;
    }
  }
  return ended;
}

int unbind_for_removed_channel(store::Tx& tx, std::int64_t holder, const std::string& channel, std::int64_t now_us) {
  int ended = 0;
  for (const auto& row : store::FamilyRepo::as_holder(tx, holder)) {
    if (row.status != "active" || row.channel != channel) continue;
    if (end_binding(tx, row, "credential_removed", "移除渠道 " + channel, "holder", now_us)) ++ended;
  }
  return ended;
}

std::optional<std::string> phone_of(store::Tx& tx, std::int64_t person_id) {
  if (auto account = store::PeopleRepo::account_of(tx, person_id)) return account->phone;
  if (auto person = store::PeopleRepo::person_by_id(tx, person_id); person && person->phone) return person->phone;
  return std::nullopt;
}

core::Status require_active_binding(store::Tx& tx, std::int64_t holder, std::int64_t member_person_id) {
  if (!store::FamilyRepo::active_pair(tx, holder, member_person_id)) return Reason::FAMILY_NOT_BOUND;
  return {};
}

namespace {

struct Gathered {
  domain::BindingFacts facts;
  domain::RegionPolicy holder_policy;
};

Gathered gather(store::Tx& tx, std::int64_t holder, const store::FamilyBindingRow& draft, std::int64_t member,
                std::chrono::year_month_day today, std::int64_t now) {
  Gathered g;
  auto& f = g.facts;
  f.route = draft.route == "birth_certificate" ? domain::BindingRoute::birth_certificate : domain::BindingRoute::id_number;
  f.relation = draft.relation;
  if (auto s = load_subject(tx, holder, today, now, false)) {
    f.holder_credential_active = domain::credential_blockers(s->facts, domain::CredentialUse::use).empty();
    g.holder_policy = s->policy;
  }
  f.member_found = member != 0;
  f.same_person = member == holder;
  f.member_age = age_of(draft.member_id_number, today);
  if (member != 0) {
    f.already_bound_by_holder = store::FamilyRepo::active_pair(tx, holder, member).has_value();
    f.member_active_holders = store::FamilyRepo::count_active_holders_of_member(tx, member, holder);
  }
  f.holder_active_members = store::FamilyRepo::count_active_of_holder(tx, holder);
  f.holder_bindings_this_month = store::FamilyRepo::count_bound_in_month(tx, holder, month_of(today));
  return g;
}


}  // namespace

// --- drafts -----------------------------------------------------------------------------

core::Result<BindingView> FamilyService::start(std::int64_t holder, const StartBinding& req) {
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  if (!domain::parse_channel(req.channel)) return Error{Reason::CHANNEL_INVALID, {}, "channel"};
  store::FamilyBindingRow draft;
  draft.holder_person_id = holder;
  draft.route = req.route;
  draft.channel = req.channel;
  draft.status = "draft";
  std::optional<providers::BirthCertificate> certificate;
  if (req.route == "id_number") {
    if (req.name.empty()) return Error{Reason::FIELD_MISSING, {}, "name"};
    if (req.relation.empty()) return Error{Reason::FIELD_MISSING, {}, "relation"};
    if (!domain::is_family_relation(req.relation)) return Error{Reason::RELATION_INVALID, {}, "relation"};
    auto id = core::IdNumber::parse(req.id_number, today);
    if (!id) return Error{id.error().reason, id.error().detail, "id_number"};
    draft.member_name = req.name;
    draft.member_id_number = id->value();
    draft.relation = req.relation;
  } else if (req.route == "birth_certificate") {
    const std::string relation = req.relation.empty() ? "child" : req.relation;
    if (!domain::is_family_relation(relation)) return Error{Reason::RELATION_INVALID, {}, "relation"};
    providers::BirthCertificateQuery q{req.mother_name, req.mother_id_number, req.certificate_no};
    if (auto st = providers::validate_query(q); !st) return st.error();
    auto mother = core::IdNumber::parse(req.mother_id_number, today);
    if (!mother) return Error{mother.error().reason, mother.error().detail, "mother_id_number"};
    auto found = providers_.births.lookup(q);  // outside the transaction: a network call
    if (!found) return found.error();
    if (found->baby_id_number.empty()) return Error{Reason::FAMILY_NEWBORN_NOT_REGISTERED, {}, "certificate_no"};
    certificate = *found;
    draft.member_name = found->baby_name;
    draft.member_id_number = found->baby_id_number;
    draft.certificate_no = found->certificate_no;
    draft.mother_name = req.mother_name;
    draft.mother_id_number = mother->value();
    draft.relation = relation;
  } else {
    return Error{Reason::FAMILY_ROUTE_INVALID, {}, "route"};
  }

  auto created = ctx_.db.write([&](store::Tx& tx) -> core::Result<std::int64_t> {
    const std::int64_t stamp = now_us(ctx_.clock);
    std::int64_t member = 0;
    for (const auto& p : store::PeopleRepo::persons_by_id_number(tx, draft.member_id_number)) {
      if (p.status == "active" && p.name == draft.member_name) {
        member = p.id;
        break;
      }
    }
    auto g = gather(tx, holder, draft, member, today, stamp);
    auto blockers = domain::binding_blockers(g.facts, g.holder_policy);
    if (!blockers.empty()) return blockers.front();
    auto holder_row = store::PeopleRepo::person_by_id(tx, holder);
    draft.member_person_id = member;
    draft.created_at_us = stamp;
    if (draft.route == "id_number") draft.document_sha256 = commitment_sha256_of(draft, holder_row->name, holder_row->id_number);
    const auto id = store::FamilyRepo::insert(tx, draft);
    audit(tx, "person", holder_row->psn_no, member, "family_binding_started", draft.channel,
          "binding " + std::to_string(id) + " " + draft.route, stamp);
    return id;
  });
  if (!created) return created.error();
  auto view = binding(holder, *created);
  if (view) view.value().certificate = certificate;
  return view;
}

namespace {

// A binding as its holder or member sees it, inside the caller's read transaction.
BindingView binding_view(store::Tx& tx, const store::FamilyBindingRow& row, std::chrono::year_month_day today) {
  BindingView v;
  v.row = row;
  if (auto h = store::PeopleRepo::person_by_id(tx, row.holder_person_id)) v.holder_name = h->name;
  v.member_name_masked = core::mask_name(row.member_name);
  v.member_id_masked = core::mask_id_number(row.member_id_number);
  v.member_age = age_of(row.member_id_number, today);
  v.consents = store::FamilyRepo::consents(tx, row.id);
  v.uploads = store::FamilyRepo::uploads(tx, row.id);
  domain::BindingFacts f;
  f.route = row.route == "birth_certificate" ? domain::BindingRoute::birth_certificate : domain::BindingRoute::id_number;
  f.member_age = v.member_age;
  v.face_required = domain::face_required(f, policy_for_person(tx, row.holder_person_id));
  auto step = [&](const std::string& name, bool done) { (done ? v.steps_done : v.steps_pending).push_back(name); };
  const auto has_consent = [&](const std::string& kind) {
    return std::any_of(v.consents.begin(), v.consents.end(), [&](const auto& c) { return c.kind == kind; });
  };
  const auto has_upload = [&](const std::string& side) {
    return std::any_of(v.uploads.begin(), v.uploads.end(), [&](const auto& u) { return u.side == side; });
  };
  if (row.route == "id_number") {
    step("commitment_signed", has_consent("commitment_signed"));
    step("notice_accepted", has_consent("notice_accepted"));
    step("holder_page_uploaded", has_upload("holder"));
    step("member_page_uploaded", has_upload("member"));
    step("household_check", row.status == "active" || row.status == "unbound");
  } else {
    step("certificate_found", true);
  }
  if (v.face_required) step("face_passed", row.face_passed_at_us != 0);
  step("bound", row.status == "active" || row.status == "unbound");
  return v;
}

}  // namespace

core::Result<BindingView> FamilyService::binding(std::int64_t holder, std::int64_t binding_id) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<BindingView> {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || (row->holder_person_id != holder && row->member_person_id != holder)) return Reason::FAMILY_BINDING_NOT_FOUND;
    return binding_view(tx, *row, today);
  });
}

core::Result<std::string> FamilyService::commitment_pdf(std::int64_t holder, std::int64_t binding_id) {
  auto letter = ctx_.db.read([&](store::Tx& tx) -> core::Result<docs::CommitmentLetter> {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->holder_person_id != holder || row->route != "id_number") return Reason::FAMILY_BINDING_NOT_FOUND;
    auto h = store::PeopleRepo::person_by_id(tx, holder);
    return letter_of(*row, h->name, h->id_number);
  });
  if (!letter) return letter.error();
  std::string sha;
  return docs::render_commitment_letter(*letter, sha);
}

core::Status FamilyService::sign(std::int64_t holder, std::int64_t binding_id, const std::string& document_sha256,
                                 const std::string& channel) {
  if (document_sha256.empty()) return Error{Reason::FIELD_MISSING, {}, "document_sha256"};
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->holder_person_id != holder || row->route != "id_number") return Reason::FAMILY_BINDING_NOT_FOUND;
    if (row->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
    auto h = store::PeopleRepo::person_by_id(tx, holder);
    // The digest of the letter as it would be rendered now must be the one stored and the one signed.
    if (document_sha256 != row->document_sha256 || commitment_sha256_of(*row, h->name, h->id_number) != row->document_sha256) {
      return Error{Reason::FAMILY_COMMITMENT_HASH_MISMATCH, {}, "document_sha256"};
    }
    const auto stamp = now_us(ctx_.clock);
    store::FamilyRepo::add_consent(tx, {binding_id, holder, "commitment_signed", document_sha256, channel, stamp});
    audit(tx, "person", h->psn_no, row->member_person_id, "family_commitment_signed", channel, document_sha256, stamp);
    return {};
  });
}

core::Status FamilyService::accept_notice(std::int64_t holder, std::int64_t binding_id, const std::string& channel) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->holder_person_id != holder || row->route != "id_number") return Reason::FAMILY_BINDING_NOT_FOUND;
    if (row->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
    const auto stamp = now_us(ctx_.clock);
    // The notice is a fixed text; its version is recorded in place of a per-draft digest.
    store::FamilyRepo::add_consent(tx, {binding_id, holder, "notice_accepted", "家庭成员添加告知书/v1", channel, stamp});
    return {};
  });
}

core::Status FamilyService::upload(std::int64_t holder, std::int64_t binding_id, const std::string& side,
                                   const std::string& content_type, const std::string& bytes) {
  if (side != "holder" && side != "member") return Error{Reason::FIELD_INVALID, "holder 或 member", "side"};
  // Refusals first, before anything is written.
  if (bytes.size() > kFamilyUploadMaxBytes) return Error{Reason::FAMILY_UPLOAD_TOO_LARGE, {}, "body"};
  if (!is_decodable_image(content_type, bytes)) return Error{Reason::FAMILY_UPLOAD_NOT_IMAGE, {}, "body"};
  auto draft = ctx_.db.read([&](store::Tx& tx) { return store::FamilyRepo::find(tx, binding_id); });
  if (!draft || draft->holder_person_id != holder || draft->route != "id_number") return Reason::FAMILY_BINDING_NOT_FOUND;
  if (draft->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;

  const std::string sha = sha256_hex(bytes);
  const auto dir = providers_.upload_dir / sha.substr(0, 2);
  const auto path = dir / sha;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::exists(path)) {
    const auto tmp = dir / (sha + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) return Error{Reason::INTERNAL_ERROR, "upload store not writable"};
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error{Reason::INTERNAL_ERROR, "upload store not writable"};
  }
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
    store::FamilyRepo::put_upload(tx, {binding_id, side, sha, content_type, static_cast<std::int64_t>(bytes.size()),
                                       now_us(ctx_.clock)});
    return {};
  });
}

core::Result<providers::FaceCheckTicket> FamilyService::start_face_check(std::int64_t holder, std::int64_t binding_id,
                                                                         const std::string& channel) {
  auto draft = ctx_.db.read([&](store::Tx& tx) { return store::FamilyRepo::find(tx, binding_id); });
  if (!draft || draft->holder_person_id != holder) return Reason::FAMILY_BINDING_NOT_FOUND;
  if (draft->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
  const bool birth = draft->route == "birth_certificate";
  const std::string& id = birth ? draft->mother_id_number : draft->member_id_number;
  const std::string& name = birth ? draft->mother_name : draft->member_name;
  auto ticket = faces_.start(id, name, providers::FacePurpose::member_binding, channel);
  if (!ticket) return ticket.error();
  ctx_.db.write([&](store::Tx& tx) {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->status != "draft") return;
    row->face_ticket = ticket->ticket;
    row->face_passed_at_us = 0;
    store::FamilyRepo::update(tx, *row);
  });
  return ticket;
}

core::Result<BindingView> FamilyService::complete(std::int64_t holder, std::int64_t binding_id) {
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  struct First {
    store::FamilyBindingRow row;
    store::PersonRow holder;
    std::vector<store::FamilyUploadRow> uploads;
  };
  auto first = ctx_.db.read([&](store::Tx& tx) -> core::Result<First> {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->holder_person_id != holder) return Reason::FAMILY_BINDING_NOT_FOUND;
    if (row->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
    return First{*row, *store::PeopleRepo::person_by_id(tx, holder), store::FamilyRepo::uploads(tx, binding_id)};
  });
  if (!first) return first.error();
  const auto& draft = first->row;
  const bool birth = draft.route == "birth_certificate";

  // The face check (outside any transaction: a provider call). A failed one says why.
  bool face_ok = false;
  if (!draft.face_ticket.empty()) {
    const std::string& id = birth ? draft.mother_id_number : draft.member_id_number;
    auto st = faces_.check_passed(draft.face_ticket, id, providers::FacePurpose::member_binding);
    if (!st && st.reason() != Reason::FACE_PENDING) return st.error();
    face_ok = st.ok();
  }

  // The household register (ID route), once both pages are in.
  std::string holder_sha, member_sha;
  for (const auto& u : first->uploads) (u.side == "holder" ? holder_sha : member_sha) = u.sha256;
  bool household_asked = false;
  if (!birth && !holder_sha.empty() && !member_sha.empty()) {
    auto relation = providers::relation_from_string(draft.relation);
    if (!relation) return Error{Reason::RELATION_INVALID, {}, "relation"};
    providers::HouseholdCheckRequest q{first->holder.id_number, first->holder.name, draft.member_id_number,
                                       draft.member_name, *relation, holder_sha, member_sha};
    auto checked = providers_.household.check(q);
    if (!checked) return checked.error();
    if (auto st = providers::require_confirmed(*checked, *relation); !st) return st.error();
    household_asked = true;
  }

  auto done = ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const std::int64_t stamp = now_us(ctx_.clock);
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->status != "draft") return Reason::FAMILY_BINDING_NOT_DRAFT;
    // The limits are counted again under the holder's and the member's row locks (race-safe).
    store::FamilyRepo::lock_persons(tx, holder, row->member_person_id);
    auto g = gather(tx, holder, *row, row->member_person_id, today, stamp);
    g.facts.steps = true;
    const auto consents = store::FamilyRepo::consents(tx, binding_id);
    for (const auto& c : consents) {
      if (c.kind == "commitment_signed" && c.document_sha256 == row->document_sha256) g.facts.commitment_signed = true;
      if (c.kind == "notice_accepted") g.facts.notice_accepted = true;
    }
    g.facts.holder_page_uploaded = !holder_sha.empty();
    g.facts.member_page_uploaded = !member_sha.empty();
    g.facts.face_passed = face_ok;
    auto blockers = domain::binding_blockers(g.facts, g.holder_policy);
    if (!blockers.empty()) return blockers.front();
    if (!birth && !household_asked) return Reason::FAMILY_UPLOAD_MISSING;
    if (domain::face_required(g.facts, g.holder_policy)) {
      if (!FaceChecks::mark_used(tx, row->face_ticket, stamp)) return Error{Reason::FACE_TICKET_USED, {}, "face_ticket"};
      row->face_passed_at_us = stamp;
      store::FamilyRepo::update(tx, *row);
    }
    if (!store::FamilyRepo::activate(tx, binding_id, stamp, month_of(today))) return Reason::FAMILY_BINDING_NOT_DRAFT;
    row->status = "active";
    audit(tx, "person", first->holder.psn_no, row->member_person_id, "family_bound", row->channel,
          "binding " + std::to_string(binding_id) + " " + row->route + " " + row->relation, stamp);
    notify(tx, *row, "family_bound", stamp);
    return {};
  });
  if (!done) return done.error();
  return binding(holder, binding_id);
}

// --- lists and unbinding ------------------------------------------------------------------

// Each list in one read transaction (it used to read the rows, then every binding again in a
// transaction of its own).
std::vector<BindingView> FamilyService::members(std::int64_t holder) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) {
    std::vector<BindingView> out;
    for (const auto& row : store::FamilyRepo::as_holder(tx, holder)) out.push_back(binding_view(tx, row, today));
    return out;
  });
}

std::vector<BindingView> FamilyService::holders(std::int64_t member) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) {
    std::vector<BindingView> out;
    for (const auto& row : store::FamilyRepo::as_member(tx, member)) out.push_back(binding_view(tx, row, today));
    return out;
  });
}

std::vector<BindingView> FamilyService::bindings_of(std::int64_t person_id) {
  auto out = members(person_id);
  for (auto& v : holders(person_id)) out.push_back(std::move(v));
  return out;
}

core::Status FamilyService::unbind_by_holder(std::int64_t holder, std::int64_t member_person_id) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::FamilyRepo::active_pair(tx, holder, member_person_id);
    if (!row) return Reason::FAMILY_NOT_BOUND;
    if (!end_binding(tx, *row, "holder_request", "", "holder", now_us(ctx_.clock))) return Reason::FAMILY_NOT_BOUND;
    return {};
  });
}

core::Status FamilyService::unbind_by_member(std::int64_t member, std::int64_t binding_id) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || row->member_person_id != member) return Reason::FAMILY_BINDING_NOT_FOUND;
    if (row->status != "active") return Reason::FAMILY_NOT_BOUND;
    if (age_of(row->member_id_number, today) < policy_for_person(tx, row->holder_person_id).member_face_age) {
      return Reason::FAMILY_MEMBER_TOO_YOUNG_TO_UNBIND;
    }
    if (!end_binding(tx, *row, "member_request", "", "member", now_us(ctx_.clock))) return Reason::FAMILY_NOT_BOUND;
    return {};
  });
}

core::Status FamilyService::force_unbind(const store::StaffRow& staff, const std::string& psn_no, std::int64_t binding_id,
                                         const std::string& note) {
  if (note.empty()) return Error{Reason::FAMILY_FORCE_NOTE_REQUIRED, {}, "note"};
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto insured = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
    if (!insured) return Error{Reason::PERSON_UNKNOWN, {}, "psn_no"};
    const store::PersonRow* person = &insured->person;
    const auto& enrolments = insured->enrolments;
    if (std::none_of(enrolments.begin(), enrolments.end(),
                     [&](const store::EnrolmentRow& e) { return staff_covers(staff.admdvs, e.admdvs); })) {
      return Reason::STAFF_OUT_OF_REGION;
    }
    auto row = store::FamilyRepo::find(tx, binding_id);
    if (!row || (row->member_person_id != person->id && row->holder_person_id != person->id)) {
      return Reason::FAMILY_BINDING_NOT_FOUND;
    }
    if (row->status != "active") return Reason::FAMILY_NOT_BOUND;
    const auto stamp = now_us(ctx_.clock);
    end_binding(tx, *row, "system_forced", note, "staff:" + staff.username, stamp);
    audit(tx, "staff", staff.username, person->id, "family_force_unbound", "console", note, stamp);
    return {};
  });
}

int FamilyService::apply_policy_change() {
  return ctx_.db.write([&](store::Tx& tx) { return end_bindings_over_policy(tx, now_us(ctx_.clock)); });
}

int end_bindings_over_policy(store::Tx& tx, std::int64_t stamp) {
  {
    int ended = 0;
    for (const auto holder : store::FamilyRepo::holders_with_active(tx)) {
      const auto policy = policy_for_person(tx, holder);
      std::vector<store::FamilyBindingRow> active;
      for (const auto& row : store::FamilyRepo::as_holder(tx, holder)) {
        if (row.status == "active") active.push_back(row);  // newest first
      }
      const int excess = domain::excess_after_policy_change(static_cast<int>(active.size()), policy);
      for (int i = 0; i < excess; ++i) {
        if (end_binding(tx, active[static_cast<std::size_t>(i)], "policy_change",
                        "当地政策允许的有效绑定人数调整为 " + std::to_string(policy.max_active_members) + " 人", "system",
                        stamp)) {
          ++ended;
        }
      }
    }
    return ended;
  }
}

// --- diagnose ------------------------------------------------------------------------------

FamilyDiagnosis FamilyService::diagnose(std::int64_t holder, std::int64_t member_person_id,
                                        std::optional<std::string> institution_admdvs) {
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  return ctx_.db.read([&](store::Tx& tx) {
    FamilyDiagnosis d;
    d.member_person_id = member_person_id;
    const std::int64_t stamp = now_us(ctx_.clock);
    // Only about someone this holder has bound (now or before): a stranger's credential state
    // is not the holder's business, so for anyone else the answer is just FAMILY_NOT_BOUND.
    const auto history = store::FamilyRepo::as_holder(tx, holder);
    if (std::none_of(history.begin(), history.end(),
                     [&](const store::FamilyBindingRow& r) { return r.member_person_id == member_person_id; })) {
      d.use_blockers.emplace_back(Reason::FAMILY_NOT_BOUND);
      return d;
    }
    auto member = load_subject(tx, member_person_id, today, stamp, false);
    domain::UseFacts u;
    u.bound = store::FamilyRepo::active_pair(tx, holder, member_person_id).has_value();
    d.bound = u.bound;
    domain::RegionPolicy member_policy;
    if (member) {
      u.member_credential = domain::credential_blockers(member->facts, domain::CredentialUse::use);
      u.member_pin_set = member->credential.pin_hash.has_value();
      u.member_admdvs = member->current ? member->current->admdvs : std::string();
      member_policy = member->policy;
    } else {
      u.member_credential.emplace_back(Reason::PERSON_UNKNOWN);
    }
    u.institution_admdvs = institution_admdvs;
    d.use_blockers = domain::use_blockers(u, member_policy);
    if (!d.bound && member) {
      // Binding again: with the relation of the last binding.
      store::FamilyBindingRow probe;
      probe.route = "id_number";
      for (const auto& row : history) {
        if (row.member_person_id == member_person_id) {
          probe.relation = row.relation;
          break;
        }
      }
      probe.member_id_number = member->person.id_number;
      auto g = gather(tx, holder, probe, member_person_id, today, stamp);
      d.binding_blockers = domain::binding_blockers(g.facts, g.holder_policy);
    }
    return d;
  });
}

// --- acting for a member -----------------------------------------------------------------

core::Status FamilyService::activate_member_credential(std::int64_t holder, std::int64_t member, const std::string& channel,
                                                       const std::string& pin) {
  if (!domain::parse_channel(channel)) return Error{Reason::CHANNEL_INVALID, {}, "channel"};
  const auto today = core::shanghai_date(ctx_.clock.now());
  auto first = ctx_.db.read([&](store::Tx& tx) -> core::Result<Subject> {
    if (auto st = require_active_binding(tx, holder, member); !st) return st.error();
    auto s = load_subject(tx, member, today, now_us(ctx_.clock), false);
    if (!s) return Reason::PERSON_UNKNOWN;
    return std::move(*s);
  });
  if (!first) return first.error();
  std::string hash;
  if (!first->credential.pin_hash) {
    auto id = core::IdNumber::parse(first->person.id_number, today);
    if (!id) return id.error();
    if (auto st = domain::check_new_pin(pin, id->birth_date()); !st) return st;
    hash = ctx_.hasher.hash(pin);
  }
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const auto stamp = now_us(ctx_.clock);
    if (auto st = require_active_binding(tx, holder, member); !st) return st;
    auto s = load_subject(tx, member, today, stamp, true);
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::activate); !st) return st;
    auto credential = s->credential;
    if (!credential.pin_hash) credential.pin_hash = hash;
    credential.state = "active";
    if (!credential.activated_at_us) credential.activated_at_us = stamp;
    credential.updated_at_us = stamp;
    store::CredentialRepo::update(tx, credential);
    auto holder_row = store::PeopleRepo::person_by_id(tx, holder);
    store::CredentialRepo::activate_channel(tx, credential.id, channel, "family:" + holder_row->psn_no, stamp);
    audit(tx, "family_holder", holder_row->psn_no, member, "credential_activated_by_holder", channel, "", stamp);
    return {};
  });
}

core::Status FamilyService::set_member_pin(std::int64_t holder, std::int64_t member, const std::string& pin) {
  return reset_member_pin(holder, member, pin);
}

core::Status FamilyService::reset_member_pin(std::int64_t holder, std::int64_t member, const std::string& new_pin) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  auto first = ctx_.db.read([&](store::Tx& tx) -> core::Result<Subject> {
    if (auto st = require_active_binding(tx, holder, member); !st) return st.error();
    auto s = load_subject(tx, member, today, now_us(ctx_.clock), false);
    if (!s) return Reason::PERSON_UNKNOWN;
    return std::move(*s);
  });
  if (!first) return first.error();
  if (auto st = domain::check_credential(first->facts, domain::CredentialUse::use); !st) return st;
  auto id = core::IdNumber::parse(first->person.id_number, today);
  if (!id) return id.error();
  if (auto st = domain::check_new_pin(new_pin, id->birth_date()); !st) return st;
  const std::string hash = ctx_.hasher.hash(new_pin);
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const auto stamp = now_us(ctx_.clock);
    if (auto st = require_active_binding(tx, holder, member); !st) return st;
    auto s = load_subject(tx, member, today, stamp, true);
    auto credential = s->credential;
    const bool had = credential.pin_hash.has_value();
    credential.pin_hash = hash;
    credential.pin_failures = 0;
    credential.pin_locked_until_us.reset();
    credential.updated_at_us = stamp;
    store::CredentialRepo::update(tx, credential);
    auto holder_row = store::PeopleRepo::person_by_id(tx, holder);
    audit(tx, "family_holder", holder_row->psn_no, member, had ? "pin_reset_by_holder" : "pin_set_by_holder", "", "",
          stamp);
    return {};
  });
}

core::Result<std::vector<ContributionView>> FamilyService::member_contributions(std::int64_t holder, std::int64_t member,
                                                                                ContributionService& contributions) {
  auto st = ctx_.db.read([&](store::Tx& tx) { return require_active_binding(tx, holder, member); });
  if (!st) return st.error();
  return contributions.list(member, store::ContributionFilter{});
}

// --- the outbox ------------------------------------------------------------------------------

int FamilyService::deliver_notifications(int limit) {
  const auto due = ctx_.db.read([&](store::Tx& tx) { return store::FamilyRepo::due(tx, now_us(ctx_.clock), limit); });
  int sent = 0;
  for (const auto& row : due) {
    // Two instances may see the same due row: only the one that leases it sends it.
    const bool mine = ctx_.db.write([&](store::Tx& tx) {
      return store::FamilyRepo::claim(tx, row.id, row.next_attempt_at_us, now_us(ctx_.clock) + kOutboxLeaseUs);
    });
    if (!mine) continue;
    const auto st = providers_.sms.send(providers::SmsMessage{row.phone, row.template_code, row.text});
    const auto stamp = now_us(ctx_.clock);
    const int attempts = row.attempts + 1;
    ctx_.db.write([&](store::Tx& tx) {
      if (st.ok()) {
        store::FamilyRepo::record_attempt(tx, row.id, "sent", attempts, row.next_attempt_at_us, "", stamp);
      } else if (providers::sms_retryable(st.error()) && attempts < kOutboxMaxAttempts) {
        const std::int64_t backoff = kOutboxFirstBackoffUs << std::min(attempts - 1, 10);
        store::FamilyRepo::record_attempt(tx, row.id, "pending", attempts, stamp + backoff,
                                          std::string(core::info(st.reason()).code), 0);
      } else {
        store::FamilyRepo::record_attempt(tx, row.id, "failed", attempts, row.next_attempt_at_us,
                                          std::string(core::info(st.reason()).code), 0);
      }
    });
    if (st.ok()) ++sent;
  }
  return sent;
}

}  // namespace yibao::services
