-- People, enrolment, the e-credential, sessions, institutions and the code decode audit
-- (issue 3; domain.md §3–§6). Dates are TEXT 'YYYY-MM-DD' (civil dates, Asia/Shanghai);
-- instants are BIGINT microseconds since the epoch (UTC).

-- Region policy: only the knobs a region changes, as a JSON object (domain/policy.h).
CREATE TABLE region_policies (
  admdvs TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  knobs TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at_us BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE region_policy_history (
  id {{auto_id}},
  admdvs TEXT NOT NULL,
  version INTEGER NOT NULL,
  knobs TEXT NOT NULL,
  changed_at_us BIGINT NOT NULL,
  changed_by TEXT NOT NULL,
  note TEXT NOT NULL
);

-- A person record. The ID number is deliberately not unique: the same person may wrongly
-- exist twice ("存在多个基本信息") until agency staff merge the records.
CREATE TABLE persons (
  id {{auto_id}},
  psn_no TEXT NOT NULL UNIQUE,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  gend TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  naty TEXT NOT NULL,
  phone TEXT,
  status TEXT NOT NULL,
  merged_into BIGINT REFERENCES persons (id),
  created_at_us BIGINT NOT NULL
);
CREATE INDEX persons_by_id_number ON persons (id_number);
CREATE INDEX persons_by_name ON persons (name);

CREATE TABLE enrolments (
  id {{auto_id}},
  person_id BIGINT NOT NULL REFERENCES persons (id),
  insutype TEXT NOT NULL,
  admdvs TEXT NOT NULL,
  psn_type TEXT NOT NULL,
  status TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  benefits_from TEXT NOT NULL,
  emp_name TEXT,
  is_current INTEGER NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE INDEX enrolments_by_person ON enrolments (person_id);
CREATE UNIQUE INDEX enrolments_one_current ON enrolments (person_id) WHERE is_current = 1;

-- App accounts: phone + login password (argon2id), for "account login".
CREATE TABLE accounts (
  person_id BIGINT PRIMARY KEY REFERENCES persons (id),
  phone TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);

-- The e-credential, one per person; the password (PIN) is an argon2id hash.
CREATE TABLE credentials (
  id {{auto_id}},
  person_id BIGINT NOT NULL UNIQUE REFERENCES persons (id),
  state TEXT NOT NULL,
  pin_hash TEXT,
  pin_failures INTEGER NOT NULL,
  pin_locked_until_us BIGINT,
  state_note TEXT,
  face_failing_since_us BIGINT,
  activated_at_us BIGINT,
  updated_at_us BIGINT NOT NULL
);

-- Activation per channel (app / wechat / alipay / bank); 移除凭证 marks it removed.
CREATE TABLE credential_channels (
  credential_id BIGINT NOT NULL REFERENCES credentials (id),
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  activated_at_us BIGINT NOT NULL,
  activated_by TEXT NOT NULL,
  removed_at_us BIGINT,
  PRIMARY KEY (credential_id, channel)
);

-- Face checks the platform started: binds a provider ticket to one person and one purpose,
-- and records its outcome once used (the 24-hour offline-activation rule reads these).
CREATE TABLE face_checks (
  ticket TEXT PRIMARY KEY,
  id_number TEXT NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  started_at_us BIGINT NOT NULL,
  outcome TEXT,
  used_at_us BIGINT
);

-- Opaque session tokens, stored only as keyed hashes.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  expires_at_us BIGINT NOT NULL,
  ended_at_us BIGINT,
  end_reason TEXT
);
CREATE INDEX sessions_by_subject ON sessions (subject_kind, subject_id, channel);

-- Agency staff (医保经办机构), scoped to one region.
CREATE TABLE staff (
  id {{auto_id}},
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  admdvs TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);

-- Designated institutions (定点医药机构) and their interface keys.
CREATE TABLE institutions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  level TEXT NOT NULL,
  admdvs TEXT NOT NULL,
  secret TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);

-- ecToken: what a decode hands the institution, used as mdtrt_cert_no (type 01).
CREATE TABLE ec_tokens (
  token TEXT PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES persons (id),
  credential_id BIGINT NOT NULL REFERENCES credentials (id),
  shown_by_person_id BIGINT,
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  business_type TEXT NOT NULL,
  issued_at_us BIGINT NOT NULL,
  expires_at_us BIGINT NOT NULL
);

-- Every decode of a code, successful or not: who scanned whom, where, for what.
CREATE TABLE code_decodes (
  id {{auto_id}},
  person_id BIGINT,
  shown_by_person_id BIGINT,
  institution_code TEXT NOT NULL,
  business_type TEXT NOT NULL,
  operator_id TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  office_name TEXT NOT NULL,
  device_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  decoded_at_us BIGINT NOT NULL
);
CREATE INDEX code_decodes_by_person ON code_decodes (person_id, decoded_at_us);

-- Every access to a person's data by someone else (domain.md §11).
CREATE TABLE audit_events (
  id {{auto_id}},
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  subject_person_id BIGINT,
  action TEXT NOT NULL,
  channel TEXT NOT NULL,
  detail TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX audit_events_by_subject ON audit_events (subject_person_id, at_us);
