// The 亲情账户 vocabulary the pages share: relations (domain.md §7), binding steps, and the
// calls for one member.
import type { FamilyBinding } from '../shared/types';
import { api } from './api';

export const relationOptions = [
  { value: 'spouse', label: '配偶' },
  { value: 'parent', label: '父母' },
  { value: 'child', label: '子女' },
  { value: 'grandparent', label: '祖父母' },
  { value: 'maternal_grandparent', label: '外祖父母' },
  { value: 'grandchild', label: '孙子女' },
  { value: 'maternal_grandchild', label: '外孙子女' },
  { value: 'sibling', label: '兄弟姐妹' },
];

export const stepLabels: Record<string, string> = {
  commitment_signed: '签署个人承诺书',
  notice_accepted: '阅读并同意添加告知书',
  holder_page_uploaded: '上传本人户口簿页',
  member_page_uploaded: '上传成员户口簿页',
  household_check: '户籍关系核验',
  certificate_found: '查询出生医学证明',
  face_passed: '人脸识别',
  bound: '完成绑定',
};

export interface FamilyMembers {
  active: FamilyBinding[];
  past: FamilyBinding[];
}

export const familyMembers = () => api.request<FamilyMembers>('/api/v1/me/family/members');
export const familyHolders = async () => (await api.request<{ items: FamilyBinding[] }>('/api/v1/me/family/holders')).items;
export const memberPath = (memberId: number | string) => `/api/v1/me/family/members/${memberId}`;
