// 医保钱包: the person's own wallet (money relatives sent, usable at settlement), the 共济额度
// they set for relatives out of their personal account, and wallet-to-wallet transfers.
// Every money field comes twice: "x" as a yuan string ("500.00") and "x_fen" as integer fen.
import { api } from './api';
import { memberPath } from './family';

export interface WalletQuota {
  id: number;
  amount: string;
  amount_fen: number;
  left: string;
  left_fen: number;
  spent: string;
  spent_fen: number;
  status: 'active' | 'ended';
  status_label: string;
}

export interface WalletRelative {
  person_id: number;
  name: string; // masked
  relation: string;
  relation_label: string;
  wallet_opened: boolean;
  quota: WalletQuota | null;
}

export interface ReceivedQuota {
  id: number;
  giver_name: string;
  relation_label: string;
  left: string;
  left_fen: number;
  status: 'active' | 'ended';
  status_label: string;
}

export type TransferStatus = 'pending' | 'accepted' | 'returned' | 'reversed';

export interface WalletTransfer {
  id: number;
  direction: 'out' | 'in';
  counterpart_name: string;
  amount: string;
  amount_fen: number;
  status: TransferStatus;
  status_label: string;
  sent_at: string;
  returns_at: string | null;
  closed_at: string | null;
}

export interface WalletOwnAccount {
  has_account: boolean;
  current: string;
  current_fen: number;
  prior: string;
  prior_fen: number;
  held: string;
  held_fen: number;
  free: string;
  free_fen: number;
}

export interface WalletLimits {
  daily_count: number;
  per_transfer_max: string;
  per_transfer_max_fen: number;
  quiet_from: string;
  quiet_until: string;
}

export interface Wallet {
  opened: boolean;
  opened_at: string | null;
  opened_by: 'self' | 'relative' | null;
  usable_in: string;
  phone: string; // masked, may be ""
  balance: string;
  balance_fen: number;
  own: WalletOwnAccount;
  relatives: WalletRelative[];
  received_quotas: ReceivedQuota[];
  transfers: WalletTransfer[];
  limits: WalletLimits;
}

const WALLET = '/api/v1/me/wallet';

export const getWallet = () => api.request<Wallet>(WALLET);

/** 开通 my own wallet; answers the wallet as GET does. */
export const openWallet = () => api.request<Wallet>(`${WALLET}/open`, { method: 'POST', body: {} });

/** 代开通: open the wallet of a bound family member (亲情账户) who has no phone of their own. */
export const openRelativeWallet = (personId: number) =>
  api.request<{ opened: boolean; opened_at: string }>(`${memberPath(personId)}/wallet/open`, { method: 'POST', body: {} });

/** Set (or raise, or lower) the 共济额度 for one relative; "0.00" lowers it to nothing. */
export const setQuota = (personId: number, amount: string) =>
  api.request<WalletQuota>(`${WALLET}/quotas/${personId}`, { method: 'PUT', body: { amount } });

export const sendTransfer = (receiverPersonId: number, amount: string) =>
  api.request<WalletTransfer>(`${WALLET}/transfers`, { method: 'POST', body: { receiver_person_id: receiverPersonId, amount } });

export const acceptTransfer = (id: number) => api.request<WalletTransfer>(`${WALLET}/transfers/${id}/accept`, { method: 'POST' });

/** What the person typed as a yuan amount ("100", "100.5", "100.50") in fen; null when it isn't one. */
export function parseYuan(text: string): number | null {
  const t = text.trim();
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 12345 → "123.45" */
export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** 每日最多 3 笔、单笔不超过 2000.00 元、22:00—次日06:00 暂停转账 */
export function limitsText(l: WalletLimits): string {
  return `每日最多 ${l.daily_count} 笔、单笔不超过 ${l.per_transfer_max} 元、${l.quiet_from}—次日${l.quiet_until} 暂停转账`;
}
