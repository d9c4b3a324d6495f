#include "services/credential_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/id_number.h"
#include "domain/pin_rules.h"
#include "services/keyed_hash.h"
#include "services/mutual_aid_service.h"
#include "services/family_service.h"
#include "store/institution_repo.h"
#include "store/rate_limiter.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

domain::PinLock lock_of(const store::CredentialRow& c) {
  domain::PinLock lock;
  lock.failures = c.pin_failures;
  if (c.pin_locked_until_us) lock.locked_until = store::from_epoch_us(*c.pin_locked_until_us);
  return lock;
}

void apply_lock(store::CredentialRow& c, const domain::PinLock& lock, std::int64_t now) {
  c.pin_failures = lock.failures;
  c.pin_locked_until_us =
      lock.locked_until ? std::optional<std::int64_t>(store::to_epoch_us(*lock.locked_until)) : std::nullopt;
  c.updated_at_us = now;
}

Error pin_mismatch(const domain::PinLock& lock, const domain::RegionPolicy& policy,
                   std::chrono::system_clock::time_point now) {
  if (auto locked = domain::check_not_locked(lock, now); !locked) return locked.error();
  return Error{Reason::PIN_MISMATCH, "还可尝试 " + std::to_string(domain::attempts_left(lock, policy)) + " 次", "pin"};
}

bool channel_active(store::Tx& tx, std::int64_t credential_id, const std::string& channel) {
  if (credential_id == 0) return false;
  const auto channels = store::CredentialRepo::channels(tx, credential_id);
  return std::any_of(channels.begin(), channels.end(),
                     [&](const store::ChannelRow& c) { return c.channel == channel && c.status == "active"; });
}

core::Status check_channel(const std::string& channel) {
  if (!domain::parse_channel(channel)) return Error{Reason::CHANNEL_INVALID, {}, "channel"};
  return {};
}

void audit(store::Tx& tx, const std::string& actor_kind, const std::string& actor, std::optional<std::int64_t> subject,
           const std::string& action, const std::string& channel, const std::string& detail, std::int64_t now) {
  store::InstitutionRepo::audit(tx, store::AuditRow{actor_kind, actor, subject, action, channel, detail, now});
}

}  // namespace

core::Status check_login_password(const std::string& password) {
  const bool letters = std::any_of(password.begin(), password.end(), [](unsigned char c) { return std::isalpha(c); });
  const bool digits = std::any_of(password.begin(), password.end(), [](unsigned char c) { return std::isdigit(c); });
  if (password.size() < 8 || password.size() > 64 || !letters || !digits) {
    return Error{Reason::LOGIN_PASSWORD_WEAK, {}, "login_password"};
  }
  return {};
}

core::Status check_phone(const std::string& phone) {
  if (phone.size() != 11 || phone[0] != '1' ||
      !std::all_of(phone.begin(), phone.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return Error{Reason::PHONE_INVALID, {}, "phone"};
  }
  return {};
}

core::Result<providers::FaceCheckTicket> CredentialService::start_face_check(const std::string& channel,
                                                                             const std::string& id_number,
                                                                             const std::string& name,
                                                                             providers::FacePurpose purpose) {
  if (auto st = check_channel(channel); !st) return st.error();
  const auto now = ctx_.clock.now();
  auto id = core::IdNumber::parse(id_number, core::shanghai_date(now));
  if (!id) return id.error();
  // Ten checks an hour per ID number: a face check costs the provider money and bothers the person.
  // The counter is keyed by a keyed hash, so the table holds no ID numbers.
  auto limited = ctx_.db.write([&](store::Tx& tx) {
    return store::RateLimiter::hit(tx, "face-start", keyed_hash_hex(ctx_.keys.session_pepper, id->value()), 10,
                                   std::chrono::hours(1), now);
  });
  if (!limited.allowed) return Error{Reason::RATE_LIMITED, "约 " + std::to_string(limited.retry_after.count() / 60 + 1) + " 分钟后可再试"};
  auto known = ctx_.db.read([&](store::Tx& tx) -> core::Status {
    auto subject = load_subject_by_identity(tx, id->value(), name, core::shanghai_date(now), now_us(ctx_.clock), false);
    if (!subject) return subject.error();
    return {};
  });
  if (!known) return known.error();
  return faces_.start(id->value(), name, purpose, channel);
}

core::Result<providers::FaceCheckTicket> CredentialService::start_own_face_check(std::int64_t person_id,
                                                                                 const std::string& channel,
                                                                                 providers::FacePurpose purpose) {
  auto person = ctx_.db.read([&](store::Tx& tx) { return store::PeopleRepo::person_by_id(tx, person_id); });
  if (!person) return Reason::PERSON_UNKNOWN;
  return faces_.start(person->id_number, person->name, purpose, channel);
}

core::Result<ActivationResult> CredentialService::activate(const ActivateRequest& req) {
  if (auto st = check_channel(req.channel); !st) return st.error();
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  auto id = core::IdNumber::parse(req.id_number, today);
  if (!id) return id.error();
  if (req.phone || req.login_password) {
    if (!req.phone || !req.login_password) return Error{Reason::FIELD_MISSING, "设置登录账户需同时填写手机号和登录密码", "phone"};
    if (auto st = check_phone(*req.phone); !st) return st.error();
    if (auto st = check_login_password(*req.login_password); !st) return st.error();
  }

  // 1. Who is it, and may they activate at all? (read only; nothing to record yet)
  auto first_look = ctx_.db.read([&](store::Tx& tx) -> core::Result<Subject> {
    auto s = load_subject_by_identity(tx, id->value(), req.name, today, now_us(ctx_.clock), false);
    if (!s) return s.error();
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::activate); !st) return st.error();
    if (channel_active(tx, s->credential.id, req.channel)) return Reason::CHANNEL_ALREADY_ACTIVE;
    return s;
  });
  if (!first_look) return first_look.error();

  // 2. The face check (a failure is recorded by FaceChecks even though we refuse).
  if (auto st = faces_.check_passed(req.face_ticket, id->value(), providers::FacePurpose::activation); !st) {
    return st.error();
  }

  // 3. The password: set at the first activation, matched on every later channel.
  const bool first = !first_look->credential.pin_hash.has_value();
  std::string new_pin_hash;
  bool pin_ok = true;
  if (first) {
    if (auto st = domain::check_new_pin(req.pin, id->birth_date()); !st) return st.error();
    new_pin_hash = ctx_.hasher.hash(req.pin);
  } else {
    if (auto st = domain::check_not_locked(lock_of(first_look->credential), now); !st) return st.error();
    pin_ok = ctx_.hasher.verify(req.pin, *first_look->credential.pin_hash);
  }
  std::string account_hash;
  if (req.login_password) account_hash = ctx_.hasher.hash(*req.login_password);

  // 4. Commit: re-check under the write lock, then activate (or count the PIN failure).
  struct Outcome {
    std::optional<Error> refused;
    ActivationResult result;
  };
  auto outcome = ctx_.db.write([&](store::Tx& tx) -> core::Result<Outcome> {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto s = load_subject_by_identity(tx, id->value(), req.name, today, now_stamp, true);
    if (!s) return s.error();
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::activate); !st) return st.error();
    if (channel_active(tx, s->credential.id, req.channel)) return Reason::CHANNEL_ALREADY_ACTIVE;
    auto credential = s->credential;
    if (!first) {
      const auto lock = domain::after_attempt(lock_of(credential), pin_ok, now, s->policy);
      apply_lock(credential, lock, now_stamp);
      if (!pin_ok) {
        store::CredentialRepo::update(tx, credential);
        audit(tx, "person", s->person.psn_no, s->person.id, "activation_pin_mismatch", req.channel, "", now_stamp);
        return Outcome{pin_mismatch(lock, s->policy, now), {}};
      }
    } else if (credential.pin_hash) {
      return Reason::CHANNEL_ALREADY_ACTIVE;  // another channel activated meanwhile: try again
    } else {
      credential.pin_hash = new_pin_hash;
    }
    if (!FaceChecks::mark_used(tx, req.face_ticket, now_stamp)) return Error{Reason::FACE_TICKET_USED, {}, "face_ticket"};
    credential.state = "active";
    if (!credential.activated_at_us) credential.activated_at_us = now_stamp;
    credential.face_failing_since_us.reset();
    credential.updated_at_us = now_stamp;
    store::CredentialRepo::update(tx, credential);
    store::CredentialRepo::activate_channel(tx, credential.id, req.channel, "face", now_stamp);
    if (req.phone) {
      if (auto holder = store::PeopleRepo::account_by_phone(tx, *req.phone); holder && holder->person_id != s->person.id) {
        return Error{Reason::PHONE_TAKEN, {}, "phone"};
      }
      if (!store::PeopleRepo::account_of(tx, s->person.id)) {
        store::PeopleRepo::insert_account(tx, store::AccountRow{s->person.id, *req.phone, account_hash}, now_stamp);
      }
    }
    audit(tx, "person", s->person.psn_no, s->person.id, first ? "credential_activated" : "channel_activated",
          req.channel, "", now_stamp);
    Outcome out;
    out.result.psn_no = s->person.psn_no;
    out.result.first_activation = first;
    out.result.session = sessions_.issue(tx, SubjectKind::person, s->person.id, req.channel);
    return out;
  });
  if (!outcome) return outcome.error();
  if (outcome->refused) return *outcome->refused;
  return outcome->result;
}

core::Result<IssuedSession> CredentialService::login_with_account(const std::string& channel, const std::string& phone,
                                                                  const std::string& password) {
  if (auto st = check_channel(channel); !st) return st.error();
  const auto now = ctx_.clock.now();
  // Ten attempts per 15 minutes; a successful login clears the count, so only failures add up.
  const std::string limit_key = keyed_hash_hex(ctx_.keys.session_pepper, phone);
  auto limited = ctx_.db.write([&](store::Tx& tx) {
    return store::RateLimiter::hit(tx, "login-phone", limit_key, 10, std::chrono::minutes(15), now);
  });
  if (!limited.allowed) {
    return Error{Reason::RATE_LIMITED, "登录失败次数过多，约 " + std::to_string(limited.retry_after.count() / 60 + 1) + " 分钟后可再试"};
  }
  auto account = ctx_.db.read([&](store::Tx& tx) { return store::PeopleRepo::account_by_phone(tx, phone); });
  if (!account || !ctx_.hasher.verify(password, account->password_hash)) return Reason::LOGIN_FAILED;
  auto subject = ctx_.db.read([&](store::Tx& tx) {
    return load_subject(tx, account->person_id, core::shanghai_date(now), now_us(ctx_.clock), false);
  });
  if (!subject) return Reason::LOGIN_FAILED;
  auto session = finish_login(*subject, channel, std::nullopt);
  if (session) ctx_.db.write([&](store::Tx& tx) { store::RateLimiter::clear(tx, "login-phone", limit_key); });
  return session;
}

core::Result<IssuedSession> CredentialService::login_with_face(const std::string& channel, const std::string& id_number,
                                                               const std::string& name, const std::string& face_ticket) {
  if (auto st = check_channel(channel); !st) return st.error();
  const auto now = ctx_.clock.now();
  auto id = core::IdNumber::parse(id_number, core::shanghai_date(now));
  if (!id) return id.error();
  auto subject = ctx_.db.read([&](store::Tx& tx) {
    return load_subject_by_identity(tx, id->value(), name, core::shanghai_date(now), now_us(ctx_.clock), false);
  });
  if (!subject) return subject.error();
  if (auto st = faces_.check_passed(face_ticket, id->value(), providers::FacePurpose::login); !st) return st.error();
  return finish_login(*subject, channel, face_ticket);
}

core::Result<IssuedSession> CredentialService::finish_login(const Subject& loaded, const std::string& channel,
                                                            const std::optional<std::string>& face_ticket) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<IssuedSession> {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto s = load_subject(tx, loaded.person.id, today, now_stamp, true);
    if (!s) return Reason::PERSON_UNKNOWN;
    if (auto st = domain::check_credential(s->facts, domain::CredentialUse::use); !st) return st.error();
    if (!channel_active(tx, s->credential.id, channel)) return Error{Reason::CHANNEL_NOT_ACTIVATED, {}, "channel"};
    if (face_ticket && !FaceChecks::mark_used(tx, *face_ticket, now_stamp)) {
      return Error{Reason::FACE_TICKET_USED, {}, "face_ticket"};
    }
    audit(tx, "person", s->person.psn_no, s->person.id, face_ticket ? "login_face" : "login_account", channel, "",
          now_stamp);
    return sessions_.issue(tx, SubjectKind::person, s->person.id, channel);
  });
}

core::Status CredentialService::verify_pin(std::int64_t person_id, const std::string& pin) {
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  auto first = ctx_.db.read([&](store::Tx& tx) { return load_subject(tx, person_id, today, now_us(ctx_.clock), false); });
  if (!first) return Reason::PERSON_UNKNOWN;
  if (auto st = domain::check_credential(first->facts, domain::CredentialUse::use); !st) return st;
  if (!first->credential.pin_hash) return Reason::PIN_NOT_SET;
  if (auto st = domain::check_not_locked(lock_of(first->credential), now); !st) return st;
  const bool ok = ctx_.hasher.verify(pin, *first->credential.pin_hash);
  auto outcome = ctx_.db.write([&](store::Tx& tx) -> CredentialService::PinOutcome {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto s = load_subject(tx, person_id, today, now_stamp, true);
    auto credential = s->credential;
    const auto lock = domain::after_attempt(lock_of(credential), ok, now, s->policy);
    apply_lock(credential, lock, now_stamp);
    store::CredentialRepo::update(tx, credential);
    if (ok) return {};
    return {pin_mismatch(lock, s->policy, now)};
  });
  if (outcome.refused) return *outcome.refused;
  return {};
}

core::Status CredentialService::reset_pin(std::int64_t person_id, const std::string& face_ticket,
                                          const std::string& new_pin) {
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  auto first = ctx_.db.read([&](store::Tx& tx) { return load_subject(tx, person_id, today, now_us(ctx_.clock), false); });
  if (!first) return Reason::PERSON_UNKNOWN;
  if (auto st = domain::check_credential(first->facts, domain::CredentialUse::use); !st) return st;
  auto id = core::IdNumber::parse(first->person.id_number, today);
  if (!id) return id.error();
  if (auto st = domain::check_new_pin(new_pin, id->birth_date()); !st) return st;
  if (auto st = faces_.check_passed(face_ticket, first->person.id_number, providers::FacePurpose::pin_reset); !st) return st;
  const std::string hash = ctx_.hasher.hash(new_pin);
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto s = load_subject(tx, person_id, today, now_stamp, true);
    if (!FaceChecks::mark_used(tx, face_ticket, now_stamp)) return Error{Reason::FACE_TICKET_USED, {}, "face_ticket"};
    auto credential = s->credential;
    credential.pin_hash = hash;
    apply_lock(credential, domain::PinLock{}, now_stamp);  // a reset lifts the lock
    store::CredentialRepo::update(tx, credential);
    audit(tx, "person", s->person.psn_no, s->person.id, "pin_reset", "", "", now_stamp);
    return {};
  });
}

core::Status CredentialService::remove_channel(std::int64_t person_id, const std::string& channel) {
  if (auto st = check_channel(channel); !st) return st;
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto credential = store::CredentialRepo::for_person(tx, person_id);
    if (!credential || !store::CredentialRepo::remove_channel(tx, credential->id, channel, now_stamp)) {
      return Error{Reason::CHANNEL_NOT_ACTIVATED, {}, "channel"};
    }
    store::CredentialRepo::end_sessions(tx, "person", person_id, channel, "credential_removed", now_stamp);
    // Family-account bindings made through this channel end with it (domain.md §5, §7).
    unbind_for_removed_channel(tx, person_id, channel, now_stamp);
    audit(tx, "person", std::to_string(person_id), person_id, "credential_removed", channel, "", now_stamp);
    return {};
  });
}

core::Status CredentialService::switch_enrolment(std::int64_t person_id, std::int64_t enrolment_id) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    const std::int64_t now_stamp = now_us(ctx_.clock);
    auto s = load_subject(tx, person_id, today, now_stamp, true);
    if (!s) return Reason::PERSON_UNKNOWN;
    if (auto st = domain::check_switch(s->enrolments, enrolment_id, today); !st) return st;
    store::PeopleRepo::set_current_enrolment(tx, person_id, enrolment_id);
    // A new current region may leave the scope of a mutual-aid authorisation.
    reevaluate_mutual_aid(tx, person_id, today, now_stamp);
    reevaluate_family(tx, person_id, today, now_stamp);
    audit(tx, "person", s->person.psn_no, person_id, "enrolment_switched", "", std::to_string(enrolment_id), now_stamp);
    return {};
  });
}

core::Status CredentialService::require_usable(std::int64_t person_id) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) -> core::Status {
    auto s = load_subject(tx, person_id, today, now_us(ctx_.clock), false);
    if (!s) return Reason::PERSON_UNKNOWN;
    return domain::check_credential(s->facts, domain::CredentialUse::use);
  });
}

}  // namespace yibao::services
