// 医保钱包: the person's own wallet (money relatives sent, usable at settlement), the 共济额度
// they set for relatives out of their personal account, and wallet-to-wallet transfers.
// The types are in shared/wallet.ts (the console shows the same wallet).
import { api } from './api';
import { memberPath } from './family';

import type { Wallet, WalletLimits, WalletQuota, WalletTransfer } from '../shared/wallet';

export type {
  BlockingRule,
  WalletQuota,
  WalletRelative,
  ReceivedQuota,
  WalletGiver,
  TransferStatus,
  WalletTransfer,
  WalletOwnAccount,
  WalletLimits,
  Wallet,
} from '../shared/wallet';

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
