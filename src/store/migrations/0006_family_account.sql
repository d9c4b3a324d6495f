-- 亲情账户 (issue 6; domain.md §7): bindings from draft to unbound with the reason kept for
-- good, the holder's consent records (承诺书 signature, 告知书 acceptance), the 户口簿 uploads
-- (content-addressed files outside the web root; only the hash and metadata live here), and
-- the notification outbox (SMS to holder and member, retried until delivered).
-- Not-yet values are '' (text) and 0 (instants), so rows read without null indicators.

CREATE TABLE family_bindings (
  id {{auto_id}},
  holder_person_id BIGINT NOT NULL REFERENCES persons (id),
  member_person_id BIGINT NOT NULL REFERENCES persons (id),
  route TEXT NOT NULL,                               -- id_number | birth_certificate
  relation TEXT NOT NULL,
  status TEXT NOT NULL,                              -- draft | active | unbound | abandoned
  channel TEXT NOT NULL,
  member_name TEXT NOT NULL,
  member_id_number TEXT NOT NULL,
  certificate_no TEXT NOT NULL DEFAULT '',
  mother_id_number TEXT NOT NULL DEFAULT '',
  mother_name TEXT NOT NULL DEFAULT '',
  document_sha256 TEXT NOT NULL DEFAULT '',                            -- the 承诺书 the platform generated for this draft
  face_ticket TEXT NOT NULL DEFAULT '',                                -- the member's (or mother's) check, when started
  face_passed_at_us BIGINT NOT NULL DEFAULT 0,
  created_at_us BIGINT NOT NULL,
  bound_at_us BIGINT NOT NULL DEFAULT 0,
  bound_month TEXT NOT NULL DEFAULT '',                                -- yyyy-MM (Asia/Shanghai) of bound_at_us: the monthly limit counts these
  unbound_at_us BIGINT NOT NULL DEFAULT 0,
  unbind_reason TEXT NOT NULL DEFAULT '',                                -- holder_request | member_request | credential_removed | account_cancelled | account_expired | system_forced | policy_change
  unbind_note TEXT NOT NULL DEFAULT '',
  unbound_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_bindings_by_holder ON family_bindings (holder_person_id, status);
CREATE INDEX family_bindings_by_member ON family_bindings (member_person_id, status);
CREATE INDEX family_bindings_by_month ON family_bindings (holder_person_id, bound_month);
CREATE UNIQUE INDEX family_bindings_one_active_pair ON family_bindings (holder_person_id, member_person_id)
  WHERE status = 'active';

CREATE TABLE family_consents (
  id {{auto_id}},
  binding_id BIGINT NOT NULL REFERENCES family_bindings (id),
  person_id BIGINT NOT NULL REFERENCES persons (id),
  kind TEXT NOT NULL,                                -- commitment_signed | notice_accepted
  document_sha256 TEXT NOT NULL,
  channel TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX family_consents_by_binding ON family_consents (binding_id, kind);

CREATE TABLE family_uploads (
  binding_id BIGINT NOT NULL REFERENCES family_bindings (id),
  side TEXT NOT NULL,                                -- holder | member
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_at_us BIGINT NOT NULL,
  PRIMARY KEY (binding_id, side)
);

CREATE TABLE notification_outbox (
  id {{auto_id}},
  person_id BIGINT NOT NULL REFERENCES persons (id),
  phone TEXT NOT NULL,
  template_code TEXT NOT NULL,
  text TEXT NOT NULL,
  topic TEXT NOT NULL,                               -- e.g. family_bound:<binding id>
  status TEXT NOT NULL,                              -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_us BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at_us BIGINT NOT NULL,
  sent_at_us BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at_us);
