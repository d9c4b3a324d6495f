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
  intra_province_filing: { label: '省内异地就医须备案', group: '异地就医' },
};

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
  return JSON.stringify(value);
}
