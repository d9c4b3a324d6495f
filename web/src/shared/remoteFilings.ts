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
