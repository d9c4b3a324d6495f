// The 医保钱包 as the API answers it, for the app (citizen/wallet.ts) and the console's wallet
// panel. Every money field comes twice: "x" as a yuan string ("500.00") and "x_fen" as integer fen.

/** One rule that blocks, as a diagnosis lists it. */
export interface BlockingRule {
  code: string;
  message: string;
  remedy: string;
  detail?: string;
}

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

/** A relative who may give to me (the holder of my 亲情账户 binding): can their money pay for me now? */
export interface WalletGiver {
  person_id: number;
  name: string; // masked
  relation_label: string;
  can_pay: boolean;
  aid_blockers: BlockingRule[]; // why not, every rule with its remedy
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
  close_note?: string; // a staff reversal's reason
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
  givers: WalletGiver[];
  transfers: WalletTransfer[];
  limits: WalletLimits;
}

/** A hold behind a quota or an unaccepted transfer (console only). */
export interface WalletHold {
  id: number;
  kind: 'quota' | 'wallet_transfer';
  reference: string;
  account_part: '历年' | '当年';
  status: 'pending' | 'posted' | 'voided';
  created_at: string;
  held: string;
  held_fen: number;
  spent: string;
  spent_fen: number;
  released: string;
  released_fen: number;
}

export interface StaffWallet extends Wallet {
  holds: WalletHold[];
}
