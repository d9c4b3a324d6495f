#pragma once
// The platform's printable documents: the 个人承诺书 a holder signs when binding a family member
// (domain.md §7, method A) and the 缴费凭证 for a resident-insurance contribution.
//
// Callers pass display-ready text: names as they should appear, ID numbers already masked
// (core::mask_*), labels already in Chinese. Every field must be valid UTF-8 without control
// characters (FIELD_INVALID with the field's name otherwise); rendering failures are
// INTERNAL_ERROR.

#include <cstdint>
#include <string>

#include "core/result.h"

namespace yibao::docs {

struct CommitmentLetter {
  std::string holder_name;
  std::string holder_id_masked;
  std::string member_name;
  std::string member_id_masked;
  std::string relation_label;  // 配偶, 父母, 子女 …
  std::string date;            // yyyy-MM-dd
  std::string channel_label;   // 国家医保服务平台App, 微信小程序 …
};

// The canonical text the letter's digest is taken over: a version line then every field in
// declaration order, joined with '\n'. Stable across releases; a changed layout must not
// change it.
std::string commitment_letter_canonical_text(const CommitmentLetter& letter);

// Lower-case hex SHA-256 (libsodium) of commitment_letter_canonical_text(): the same fields
// always give the same digest, whatever the PDF's embedded timestamps.
std::string commitment_letter_sha256(const CommitmentLetter& letter);

// The PDF bytes; `sha256_hex_out` receives commitment_letter_sha256(letter), which is also
// printed at the bottom of the page as "文件摘要 SHA-256: <hex>". Left empty on failure.
core::Result<std::string> render_commitment_letter(const CommitmentLetter& letter,
                                                   std::string& sha256_hex_out);

struct ContributionReceipt {
  std::string receipt_no;
  std::string payer_name;
  std::string payer_id_masked;
  std::string insured_name;
  std::string insured_id_masked;
  std::string insured_admdvs_name;  // 参保地, e.g. 北京市东城区
  std::string insutype_label;       // 城乡居民基本医疗保险
  std::string year;                 // 2025
  std::string amount_yuan;          // "380.00" (core::Money::to_string)
  std::string paid_from_label;      // 家庭共济（历年账户） / 现金 …
  std::string paid_at;              // yyyy-MM-dd HH:mm:ss
  std::string collecting_agency;    // 征收机构
};

// The PDF bytes. `amount_yuan` must parse as a non-negative core::Money (MONEY_INVALID
// otherwise); the amount is also printed in Chinese capitals (yuan_in_capitals).
core::Result<std::string> render_contribution_receipt(const ContributionReceipt& receipt);

// An amount of fen written in Chinese financial capitals as on a bank receipt:
// 0 → 零元整, 5 → 伍分, 50 → 伍角, 1005 → 壹拾元零伍分, 38000 → 叁佰捌拾元整,
// 100500 → 壹仟零伍元整, 1000000 → 壹万元整. Zero 角 between 元 and a non-zero 分 is written 零;
// runs of zero digits inside the yuan part collapse to one 零; a trailing 角 has no 整.
// Negative amounts get a leading 负. Exact for every int64.
std::string yuan_in_capitals(std::int64_t fen);

}  // namespace yibao::docs
