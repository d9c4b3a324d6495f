// 异地就医备案 as the citizen app and the agency console both show it (domain.md §9).

/** One filing (GET …/remote-filings). Cancelled filings stay listed. */
export interface RemoteFiling {
  id: number;
  filing_type: string;
  dest_admdvs: string;
  dest_name?: string;
  valid_from: string;
  valid_to: string;
  /** active | cancelled */
  status: string;
  /** person (online) | staff (at an agency counter) */
  recorded_by_kind: string;
  created_at: string;
}

export const filingTypeOptions = [
  { value: 'long_term_residence', label: '异地长期居住' },
  { value: 'temporary', label: '临时外出就医' },
  { value: 'referral', label: '转诊转院' },
];

export const filingTypeLabel = (t: string) => filingTypeOptions.find((o) => o.value === t)?.label ?? t;

export const filingRecordedByLabel = (kind: string) => (kind === 'staff' ? '经办机构办理' : '线上办理');

/** Today in China (UTC+8), as the date inputs want it. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** What a filing form still lacks before it is sent, or null — the same words in the app and the console. */
export function filingFormProblem(dest: string, validTo: string): { message: string; remedy: string } | null {
  if (!/^\d{6}$/.test(dest.trim())) {
    return { message: '请填写就医地的 6 位行政区划代码', remedy: '例如 110000（北京市）、310104（上海市徐汇区）、440300（深圳市）；可以是省、市或区县' };
  }
  if (!validTo) return { message: '请选择备案截止日期', remedy: '临时外出就医一般不超过 6 个月；异地长期居住可按居住证明的期限办理' };
  return null;
}
