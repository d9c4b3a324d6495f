-- The year's deductible is accumulated separately for inpatient stays and for outpatient and
-- pharmacy visits: their 起付线 differ (policy knobs outpatient_deductible_fen and
-- inpatient_deductible_fen), and a stay's deductible must not meet the outpatient one (nor the
-- other way round). The pooled fund's annual cap stays one total (fund_paid).
-- deductible_paid now counts outpatient and pharmacy settlements only.
ALTER TABLE settlement_ytd ADD COLUMN inpatient_deductible_paid BIGINT NOT NULL DEFAULT 0;

-- Rows written before: split what inpatient settlements (and their reversals, negative) paid
-- towards the deductible out of the shared total.
UPDATE settlement_ytd SET inpatient_deductible_paid = (
  SELECT COALESCE(SUM(s.act_pay_dedc), 0) FROM settlements s JOIN fsi_visits v ON v.id = s.visit_id
  WHERE s.person_id = settlement_ytd.person_id AND s.setl_year = settlement_ytd.setl_year
    AND s.insutype = settlement_ytd.insutype AND v.kind = 'inpatient');
UPDATE settlement_ytd SET deductible_paid = deductible_paid - inpatient_deductible_paid;
