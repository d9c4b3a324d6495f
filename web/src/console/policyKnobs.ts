// How the policy editor shows each knob of src/domain/policy.cc. The server validates every
// value (its refusal names the knob and the allowed range); this table only gives labels, units
// and choices. A knob missing here is still editable, by its JSON type.

export interface KnobMeta {
  label: string;
  group: string;
  unit?: string;
  /** money knobs are stored in fen and edited in yuan */
  fen?: boolean;
  options?: { value: string; label: string }[];
  help?: string;
}

const scope = [
  { value: 'any', label: '不限' },
  { value: 'same_pool', label: '仅限成员参保的统筹区' },
  { value: 'same_province', label: '仅限成员参保的省份' },
];

export const relationLabels: Record<string, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  grandparent: '祖父母',
  maternal_grandparent: '外祖父母',
  grandchild: '孙子女',
  maternal_grandchild: '外孙子女',
  sibling: '兄弟姐妹',
};

export const knobMeta: Record<string, KnobMeta> = {
  resident_waiting_days: { label: '居民医保待遇等待期', group: '参保', unit: '天' },
  pin_max_failures: { label: '密码连续错误锁定次数', group: '电子凭证', unit: '次' },
  pin_lock_minutes: { label: '密码锁定时长', group: '电子凭证', unit: '分钟' },
  qr_ttl_seconds: { label: '医保码有效期', group: '电子凭证', unit: '秒' },
  member_face_age: { label: '家庭成员须本人刷脸的年龄', group: '亲情账户', unit: '周岁及以上' },
  max_active_members: { label: '每人最多绑定成员数', group: '亲情账户', unit: '人' },
  monthly_binding_limit: { label: '每自然月最多新增绑定', group: '亲情账户', unit: '次', help: '解绑不退还名额' },
  max_holders_per_member: { label: '一名成员最多被几人绑定', group: '亲情账户', unit: '人' },
  family_use_scope: { label: '代家人用码范围', group: '亲情账户', options: scope },
  account_credit_in_service_fen: { label: '在职职工个人账户每月划入', group: '个人账户', unit: '元', fen: true },
  account_credit_retired_fen: { label: '退休人员个人账户每月划入', group: '个人账户', unit: '元', fen: true },
  own_account_order: {
    label: '个人账户扣款顺序',
    group: '个人账户',
    options: [
      { value: 'current_first', label: '先当年后历年' },
      { value: 'prior_first', label: '先历年后当年' },
    ],
  },
  resident_contribution_fen: { label: '居民医保年度个人缴费', group: '个人账户', unit: '元', fen: true },
  mutual_aid_relations: { label: '可共济的亲属关系', group: '家庭共济' },
  mutual_aid_scope: {
    label: '共济范围',
    group: '家庭共济',
    options: [
      { value: 'same_pool', label: '同一统筹区' },
      { value: 'same_province', label: '同省' },
      { value: 'national', label: '全国' },
    ],
  },
  mutual_aid_filing: { label: '共济须先备案', group: '家庭共济' },
  mutual_aid_waiting_days: { label: '共济授权生效等待期', group: '家庭共济', unit: '天' },
  mutual_aid_source: {
    label: '共济资金来源',
    group: '家庭共济',
    options: [
      { value: 'prior_years', label: '仅历年账户' },
      { value: 'all', label: '当年和历年账户' },
    ],
  },
  mutual_aid_order: {
    label: '多人共济的扣款顺序',
    group: '家庭共济',
    options: [
      { value: 'balance_desc', label: '余额多者先扣' },
      { value: 'filing_order', label: '按授权先后' },
    ],
  },
  wallet_daily_transfers: { label: '医保钱包每日转账笔数上限', group: '医保钱包', unit: '笔' },
  wallet_transfer_max_fen: { label: '医保钱包单笔转账上限', group: '医保钱包', unit: '分' },
  wallet_quiet_from_minute: { label: '暂停转账开始（北京时间，当日第几分钟）', group: '医保钱包', unit: '分钟' },
  wallet_quiet_until_minute: { label: '暂停转账结束，未接收资金于次日此时退回', group: '医保钱包', unit: '分钟' },
  intra_province_filing: { label: '省内异地就医须备案', group: '异地就医' },
  settlement_310: {
    label: '职工医保结算参数',
    group: '结算',
    help: '起付线按一/二/三级医院（分）；报销比例按一/二/三级医院（基点，10000 = 100%）；退休加成（基点）；年度封顶线（分）；乙类先行自付比例（基点）。只写要改的项。',
  },
  settlement_390: {
    label: '居民医保结算参数',
    group: '结算',
    help: '同上，城乡居民医保。',
  },
};

const yuanOf = (fen: number) => `${(fen / 100).toFixed(fen % 100 ? 2 : 0)} 元`;
const pctOf = (bp: number) => `${bp / 100}%`;

/** The settlement knobs (src/domain/settlement_policy.h) in words: deductibles and ratios by hospital level. */
function describeSettlement(v: Record<string, unknown>): string {
  const parts: string[] = [];
  const levels = (x: unknown, f: (n: number) => string) => (Array.isArray(x) ? x.map((n) => f(Number(n))).join(' / ') : '');
  if ('outpatient_deductible_fen' in v) parts.push(`门诊起付线 ${levels(v.outpatient_deductible_fen, yuanOf)}`);
  if ('inpatient_deductible_fen' in v) parts.push(`住院起付线 ${levels(v.inpatient_deductible_fen, yuanOf)}`);
  if ('fund_ratio_bp' in v) parts.push(`报销比例 ${levels(v.fund_ratio_bp, pctOf)}`);
  if ('retiree_bonus_bp' in v) parts.push(`退休加 ${pctOf(Number(v.retiree_bonus_bp))}`);
  if ('annual_cap_fen' in v) parts.push(`年度封顶 ${yuanOf(Number(v.annual_cap_fen))}`);
  if ('pre_self_pay_bp' in v) parts.push(`乙类先自付 ${pctOf(Number(v.pre_self_pay_bp))}`);
  return parts.join('；') + '（一/二/三级医院）';
}

export function metaOf(name: string): KnobMeta {
  return knobMeta[name] ?? { label: name, group: '其他' };
}

/** A knob value as a person reads it: 150.00 元, 是/否, the option's label, a list of relations. */
export function describeValue(name: string, value: unknown): string {
  const meta = metaOf(name);
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return meta.fen ? `${(value / 100).toFixed(2)} 元` : `${value}${meta.unit ? ` ${meta.unit}` : ''}`;
  if (typeof value === 'string') return meta.options?.find((o) => o.value === value)?.label ?? value;
  if (Array.isArray(value)) return value.map((v) => relationLabels[String(v)] ?? String(v)).join('、');
  if (name.startsWith('settlement_') && typeof value === 'object') return describeSettlement(value as Record<string, unknown>);
  return JSON.stringify(value);
}
