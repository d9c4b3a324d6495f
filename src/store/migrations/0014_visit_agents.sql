-- 代办 (issue 15 §9): the person who registered a visit on the patient's behalf, as the HIS
-- sent it in 2201/2401 agnterinfo. One row per visit that had an agent; most have none. The
-- patient, and the holder of a bound family member, see who it was ("谁替我办的"); the agency
-- keeps the full ID number, the apps show only masked forms.
CREATE TABLE visit_agents (
  visit_id BIGINT PRIMARY KEY REFERENCES fsi_visits (id),
  agnter_name TEXT NOT NULL,
  agnter_rlts TEXT NOT NULL,
  agnter_cert_type TEXT NOT NULL,
  agnter_certno TEXT NOT NULL,
  agnter_tel TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);
