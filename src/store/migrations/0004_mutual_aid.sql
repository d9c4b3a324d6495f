-- 家庭共济 (issue 4; domain.md §8): filings (备案), authorisations and their full history.
-- Separate from the family account (亲情账户): a binding there gives no mutual aid.

CREATE TABLE mutual_aid_filings (
  id {{auto_id}},
  authoriser_person_id BIGINT NOT NULL REFERENCES persons (id),
  beneficiary_person_id BIGINT NOT NULL REFERENCES persons (id),
  relation TEXT NOT NULL,
  filed_at_us BIGINT NOT NULL,
  filed_via TEXT NOT NULL
);
CREATE INDEX mutual_aid_filings_by_pair ON mutual_aid_filings (authoriser_person_id, beneficiary_person_id);

CREATE TABLE mutual_aid_authorisations (
  id {{auto_id}},
  authoriser_person_id BIGINT NOT NULL REFERENCES persons (id),
  beneficiary_person_id BIGINT NOT NULL REFERENCES persons (id),
  relation TEXT NOT NULL,
  status TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  ended_at_us BIGINT,
  end_reason TEXT
);
CREATE UNIQUE INDEX mutual_aid_one_active_per_pair ON mutual_aid_authorisations (authoriser_person_id, beneficiary_person_id)
  WHERE status = 'active';
CREATE INDEX mutual_aid_by_beneficiary ON mutual_aid_authorisations (beneficiary_person_id, status);

CREATE TABLE mutual_aid_events (
  id {{auto_id}},
  authorisation_id BIGINT NOT NULL REFERENCES mutual_aid_authorisations (id),
  event TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX mutual_aid_events_by_authorisation ON mutual_aid_events (authorisation_id, id);
