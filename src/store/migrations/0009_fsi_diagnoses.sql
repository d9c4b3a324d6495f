-- Diagnoses a HIS uploads with a visit (institution-interface.md: `diseinfo` of 2203 门诊就诊信息上传,
-- 2401 入院办理 and 2402 出院办理). Kept per stage: each upload replaces that stage's list, so a
-- corrected 2203 or a discharge never mixes with what came before. vali_flag 1 = valid.
CREATE TABLE fsi_diagnoses (
  id {{auto_id}},
  visit_id BIGINT NOT NULL REFERENCES fsi_visits (id),
  stage TEXT NOT NULL,  -- outpatient (2203) | admission (2401) | discharge (2402)
  diag_type TEXT NOT NULL,
  diag_srt_no INTEGER NOT NULL,
  diag_code TEXT NOT NULL,
  diag_name TEXT NOT NULL,
  maindiag_flag TEXT NOT NULL,
  adm_cond TEXT NOT NULL,
  diag_dept TEXT NOT NULL,
  dise_dor_no TEXT NOT NULL,
  dise_dor_name TEXT NOT NULL,
  diag_time TEXT NOT NULL,
  vali_flag TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE INDEX fsi_diagnoses_by_visit ON fsi_diagnoses (visit_id, stage, diag_srt_no);
