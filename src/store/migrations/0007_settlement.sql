-- Institution settlement (issue 7; domain.md §9, institution-interface.md): the catalogue,
-- sign-ins, visits (门诊/住院/药店), fee details, settlements and their reversals, the stored
-- replies that make commit and reversal calls idempotent, the year-to-date accumulators, and
-- 异地就医备案 (remote-treatment filings).

-- 医保目录: national code, class 甲/乙/丙 (chrgitm_lv 01/02/03), unit price cap (0 = none) and
-- whether the personal account may pay for it (个账支付范围). admdvs '000000' is the national
-- list; a row for a region (the place of treatment) overrides it there.
CREATE TABLE catalogue_items (
  admdvs TEXT NOT NULL,
  med_list_codg TEXT NOT NULL,
  name TEXT NOT NULL,
  chrgitm_lv TEXT NOT NULL,
  med_chrgitm_type TEXT NOT NULL,
  price_cap_fen BIGINT NOT NULL,
  account_scope INTEGER NOT NULL,
  PRIMARY KEY (admdvs, med_list_codg)
);

CREATE TABLE fsi_sign_ins (
  id {{auto_id}},
  sign_no TEXT NOT NULL UNIQUE,
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  opter_no TEXT NOT NULL,
  signed_in_at_us BIGINT NOT NULL
);

-- A visit (就诊): outpatient (2201), inpatient (2401) or a pharmacy purchase (2101/2102).
CREATE TABLE fsi_visits (
  id {{auto_id}},
  mdtrt_id TEXT NOT NULL UNIQUE,
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  person_id BIGINT NOT NULL REFERENCES persons (id),
  kind TEXT NOT NULL,
  insutype TEXT NOT NULL,
  med_type TEXT NOT NULL,
  ipt_otp_no TEXT NOT NULL,
  insuplc_admdvs TEXT NOT NULL,
  mdtrtarea_admvs TEXT NOT NULL,
  mdtrt_cert_type TEXT NOT NULL,
  begntime TEXT NOT NULL,
  endtime TEXT,
  dise_codg TEXT NOT NULL,
  dise_name TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX fsi_visits_by_ipt_otp_no ON fsi_visits (institution_code, kind, ipt_otp_no);
CREATE INDEX fsi_visits_by_person ON fsi_visits (person_id, id);

-- Fee details (2204/2301/2101): status open → settled (setl_id set) → open again on reversal,
-- or cancelled (2205).
CREATE TABLE fsi_fee_details (
  id {{auto_id}},
  visit_id BIGINT NOT NULL REFERENCES fsi_visits (id),
  feedetl_sn TEXT NOT NULL,
  chrg_bchno TEXT NOT NULL,
  med_list_codg TEXT NOT NULL,
  medins_list_codg TEXT NOT NULL,
  chrgitm_lv TEXT NOT NULL,
  account_scope INTEGER NOT NULL,
  price_cap_fen BIGINT NOT NULL,
  det_item_fee_sumamt BIGINT NOT NULL,
  cnt_milli BIGINT NOT NULL,
  pric_fen BIGINT NOT NULL,
  status TEXT NOT NULL,
  setl_id TEXT,
  created_at_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX fsi_fee_details_sn ON fsi_fee_details (visit_id, feedetl_sn);
CREATE INDEX fsi_fee_details_by_batch ON fsi_fee_details (visit_id, chrg_bchno, status);

-- A settlement (2207/2304/2102) or its reversal (2208/2305/2103, kind 'reversal', amounts
-- negated). All amounts fen. `reply` is the setlinfo the institution received.
CREATE TABLE settlements (
  id {{auto_id}},
  setl_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  reverses_setl_id TEXT,
  status TEXT NOT NULL,
  visit_id BIGINT NOT NULL REFERENCES fsi_visits (id),
  person_id BIGINT NOT NULL REFERENCES persons (id),
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  chrg_bchno TEXT NOT NULL,
  msgid TEXT NOT NULL,
  insutype TEXT NOT NULL,
  med_type TEXT NOT NULL,
  setl_year INTEGER NOT NULL,
  medfee_sumamt BIGINT NOT NULL,
  fulamt_ownpay_amt BIGINT NOT NULL,
  overlmt_selfpay BIGINT NOT NULL,
  preselfpay_amt BIGINT NOT NULL,
  inscp_scp_amt BIGINT NOT NULL,
  act_pay_dedc BIGINT NOT NULL,
  hifp_pay BIGINT NOT NULL,
  pool_prop_selfpay BIGINT NOT NULL,
  fund_pay_sumamt BIGINT NOT NULL,
  psn_part_amt BIGINT NOT NULL,
  acct_pay BIGINT NOT NULL,
  acct_mulaid_pay BIGINT NOT NULL,
  psn_cash_pay BIGINT NOT NULL,
  hosp_part_amt BIGINT NOT NULL,
  ec_token TEXT,
  settled_at_us BIGINT NOT NULL
);
CREATE INDEX settlements_by_person ON settlements (person_id, setl_year, id);
CREATE INDEX settlements_by_visit ON settlements (visit_id, chrg_bchno);
-- An outpatient batch or an inpatient/pharmacy visit settles once while it stands settled.
CREATE UNIQUE INDEX settlements_one_per_batch ON settlements (visit_id, chrg_bchno) WHERE status = 'settled';
-- An ecToken pays once, even after a reversal (a new code is needed to settle again).
CREATE UNIQUE INDEX settlements_ec_token_once ON settlements (ec_token) WHERE kind = 'settle';

-- Idempotency of commit and reversal calls: the same institution + msgid → the stored reply.
CREATE TABLE fsi_replies (
  id {{auto_id}},
  institution_code TEXT NOT NULL,
  msgid TEXT NOT NULL,
  infno TEXT NOT NULL,
  output TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  UNIQUE (institution_code, msgid)
);

-- Year-to-date accumulators per person, year and insutype: deductible met, pooled fund paid.
CREATE TABLE settlement_ytd (
  person_id BIGINT NOT NULL REFERENCES persons (id),
  setl_year INTEGER NOT NULL,
  insutype TEXT NOT NULL,
  deductible_paid BIGINT NOT NULL,
  fund_paid BIGINT NOT NULL,
  PRIMARY KEY (person_id, setl_year, insutype)
);

-- 异地就医备案: type (long_term_residence 异地长期居住 / temporary 临时外出就医 / referral 转诊),
-- destination region, validity (inclusive dates), who recorded it, and its cancellation.
CREATE TABLE remote_filings (
  id {{auto_id}},
  person_id BIGINT NOT NULL REFERENCES persons (id),
  filing_type TEXT NOT NULL,
  dest_admdvs TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_by_kind TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  cancelled_at_us BIGINT
);
CREATE INDEX remote_filings_by_person ON remote_filings (person_id, status);
