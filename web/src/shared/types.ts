// Shapes returned by the platform (docs/api/openapi.yaml).

export interface Enrolment {
  id: number;
  insutype: string;
  insutype_label: string;
  admdvs: string;
  region_name: string;
  psn_type: string;
  status: string;
  status_label: string;
  start_date: string;
  end_date: string | null;
  benefits_from: string;
  waiting: boolean;
  active: boolean;
  is_current: boolean;
  emp_name?: string;
}

export interface Blocker {
  code: string;
  message: string;
  remedy: string;
}

export interface Channel {
  channel: string;
  label?: string;
  status: string;
  activated_at: string;
  activated_by: string;
  removed_at?: string;
}

export interface Person {
  psn_no: string;
  name: string;
  id_number: string;
  gend: string;
  gender_label: string;
  birth_date: string;
  age?: number;
  phone?: string;
  status: string;
  credential: {
    state: string;
    state_label: string;
    note: string | null;
    pin_set: boolean;
    pin_locked_until: string | null;
    channels: Channel[];
    blockers: Blocker[];
  };
  enrolments: Enrolment[];
  current_enrolment: Enrolment | null;
  qr_ttl_seconds: number;
  face_failing_since?: string;
  session_channel?: string;
}

export interface Code {
  token: string;
  issued_at: string;
  expires_at: string;
  ttl_seconds: number;
  svg: string;
}

export interface AccountEntry {
  id: number;
  kind: string;
  note: string;
  rule: string;
  reference: string;
  amount: string;
  at: string;
}

export interface AccountStatement {
  has_account: boolean;
  current: string;
  prior: string;
  total: string;
  which: string;
  next_before: number | null;
  entries: AccountEntry[];
}

export interface Decode {
  institution_code: string;
  institution_name: string;
  business_type: string;
  business_label: string;
  operator_name: string;
  office_name: string;
  device_type: string;
  outcome: string;
  shown_by_family: boolean;
  decoded_at: string;
}

export interface AidEvent {
  event: string;
  reason: string;
  detail: string;
  at: string;
}

export interface MutualAid {
  id: number;
  role: 'authoriser' | 'beneficiary';
  counterpart_name: string;
  relation: string;
  relation_label: string;
  status: string; // active | revoked | dissolved
  status_label: string;
  effective_from: string;
  created_at: string;
  ended_at?: string;
  end_reason?: string;
  end_reason_label?: string;
  events: AidEvent[];
}

export interface MutualAidList {
  as_authoriser: MutualAid[];
  as_beneficiary: MutualAid[];
}

export interface ReasonItem {
  code: string;
  message: string;
  remedy: string;
  detail?: string;
}

export interface MutualAidCheck {
  allowed: boolean;
  blockers: ReasonItem[];
  can_pay_now: boolean;
  payment_blockers: ReasonItem[];
  effective_from_if_authorised_today: string;
}

export interface Contribution {
  receipt_no: string;
  insured_name: string;
  payer_name: string;
  paid_by_me: boolean;
  insutype: string;
  insutype_label: string;
  admdvs: string;
  region_name: string;
  year: string;
  amount: string;
  amount_fen: number;
  paid_from: string;
  paid_from_label: string;
  paid_at: string;
  receipt_url: string;
}

export interface FamilyConsent {
  kind: string;
  document_sha256: string;
  channel: string;
  at: string;
}

export interface FamilyUpload {
  side: 'holder' | 'member';
  sha256: string;
  content_type: string;
  size_bytes: number;
  uploaded_at: string;
}

export interface BirthCertificateResult {
  certificate_no: string;
  baby_name: string;
  baby_gend: string;
  birth_date: string;
  birth_place: string;
  mother_name: string;
}

/** One 亲情账户 binding, as the holder (side=holder) or the member (side=member) sees it. */
export interface FamilyBinding {
  id: number;
  side: 'holder' | 'member';
  route: 'id_number' | 'birth_certificate';
  relation: string;
  relation_label: string;
  status: string; // draft | active | unbound | …
  channel: string;
  member_id: number;
  member_name: string;
  member_id_number: string;
  member_age: number;
  holder_name: string;
  face_required: boolean;
  steps_done: string[];
  steps_pending: string[];
  document_sha256?: string;
  commitment_url?: string;
  created_at: string;
  bound_at?: string;
  unbound_at?: string;
  unbind_reason?: string;
  unbind_reason_label?: string;
  unbind_note?: string;
  unbound_by?: string;
  consents: FamilyConsent[];
  uploads: FamilyUpload[];
  certificate?: BirthCertificateResult;
}

export interface FamilyDiagnosis {
  member_id: number;
  bound: boolean;
  usable: boolean;
  blockers: ReasonItem[];
  binding_blockers: ReasonItem[];
}

export interface SpendingTotals {
  medfee_sumamt: string;
  medfee_sumamt_fen: number;
  fund_pay: string;
  fund_pay_fen: number;
  acct_pay: string;
  acct_pay_fen: number;
  acct_mulaid_pay: string;
  acct_mulaid_pay_fen: number;
  cash_pay: string;
  cash_pay_fen: number;
  count: number;
}

export interface SpendingSettlement extends Omit<SpendingTotals, 'count'> {
  setl_id: string;
  kind: string;
  status: string;
  institution_code: string;
  institution_name: string;
  insutype: string;
  med_type: string;
  /** outpatient | inpatient | pharmacy */
  visit_kind: string;
  /** The diagnosis the hospital uploaded (main one of its latest stage), or "" */
  diagnosis: string;
  settled_at: string;
  reverses_setl_id?: string;
  /** 代办: who registered the visit for the patient (masked), null when they came themselves */
  agent: VisitAgent | null;
  /** Who paid what, one line per payer as the ledger moved it (each relative's quota its own line). */
  payers: SettlementPayer[];
}

export interface SettlementPayer {
  kind: 'fund' | 'own_account' | 'wallet' | 'quota' | 'mutual_aid' | 'cash';
  label: string;
  /** whose quota or account paid (masked), for quota and mutual_aid */
  person_name?: string;
  amount: string;
  amount_fen: number;
}

/** 2201/2401 agnterinfo as the patient and their family see it: masked, never the ID number. */
export interface VisitAgent {
  name: string;
  relation_code: string;
  relation: string;
  tel: string | null;
}

/** A year of settlements of one person (GET /api/v1/me/spending). Reversals are negative. */
export interface Spending {
  year: number;
  totals: SpendingTotals;
  by_institution: (SpendingTotals & { institution_name: string })[];
  settlements: SpendingSettlement[];
}

/** GET /api/v1/platform/clock: the platform's time, and whether a demo deployment moved it. */
export interface PlatformClock {
  now: string;
  today: string;
  demo_clock: boolean;
  moved: boolean;
  offset_seconds: number;
}

/** 扫码查药 (GET /api/v1/drug-trace/{code}): how often a box was sold; where and when, never to whom. */
export interface DrugTraceReport {
  code: string;
  whole_box_sales: number;
  split_sales: number;
  /** the whole box sold twice or more: 可能为回流药 */
  flagged: boolean;
  verdict: string;
  sales: { sold_on: string; institution_name: string; split: boolean; status: 'sold' | 'reversed' | 'returned'; status_label: string }[];
}
