// Display helpers: everything the person reads is plain Chinese.

/** 张建国 → 张*国, 王芳 → 王*, 欧阳娜娜 → 欧**娜 */
export function maskName(name: string | undefined | null): string {
  if (!name) return '';
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant shown in Beijing time: 2026-03-05 14:07 */
export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const bj = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${bj.getUTCFullYear()}-${pad(bj.getUTCMonth() + 1)}-${pad(bj.getUTCDate())} ${pad(bj.getUTCHours())}:${pad(bj.getUTCMinutes())}`;
}

/** "12.30" → "+12.30", "-8.00" stays */
export function signedAmount(amount: string): string {
  if (amount.startsWith('-') || amount.startsWith('+')) return amount;
  return Number(amount) === 0 ? amount : `+${amount}`;
}

const outcomes: Record<string, string> = {
  ok: '成功',
  QR_EXPIRED: '码已过期',
  QR_CONSUMED: '码已使用过',
  QR_TAMPERED: '码校验未通过',
  QR_FOREIGN: '非本平台医保码',
  CREDENTIAL_FROZEN: '凭证已冻结',
  CREDENTIAL_REVOKED: '凭证已注销',
  CREDENTIAL_INACTIVE: '凭证未激活',
  ENROLMENT_MISSING: '无正常参保记录',
  PIN_NOT_SET: '未设置密码',
  PERSON_DUPLICATED: '存在多个基本信息',
  PERSON_NOT_ACTIVE: '人员信息已合并或注销',
};

export function outcomeLabel(code: string): string {
  return outcomes[code] ?? (code.includes('FAMILY') ? '亲情账户不可用' : '未成功');
}

export const channelLabels: Record<string, string> = {
  app: '国家医保服务平台App',
  wechat: '微信',
  alipay: '支付宝',
  bank: '银行App',
};

const visitKinds: Record<string, string> = { outpatient: '门诊', inpatient: '住院', pharmacy: '药店购药' };

/** 门诊 / 住院 / 药店购药 for a settlement's visit_kind. */
export function visitKindLabel(kind: string): string {
  return visitKinds[kind] ?? '就医';
}
