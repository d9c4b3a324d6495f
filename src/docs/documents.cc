#include "docs/documents.h"

#include <glib.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/money.h"
#include "docs/pdf_document.h"

namespace yibao::docs {
namespace {

constexpr std::array<std::string_view, 10> kDigits = {"零", "壹", "贰", "叁", "肆",
                                                      "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<std::string_view, 4> kPlaces = {"", "拾", "佰", "仟"};  // within a group of 4
constexpr std::array<std::string_view, 5> kGroups = {"", "万", "亿", "万亿", "亿亿"};

// 1..9999 without leading zeros; inner runs of zeros become one 零, trailing zeros vanish.
std::string group_in_capitals(unsigned group) {
  std::string out;
  bool pending_zero = false;
  bool started = false;
  for (int place = 3; place >= 0; --place) {
    unsigned divisor = 1;
    for (int i = 0; i < place; ++i) divisor *= 10;
    const unsigned digit = (group / divisor) % 10;
    if (digit == 0) {
      if (started) pending_zero = true;
      continue;
    }
    if (pending_zero) out += kDigits[0];
    pending_zero = false;
    out += kDigits[digit];
    out += kPlaces[place];
    started = true;
  }
  return out;
}

// Whole yuan (> 0) in capitals, without the 元.
std::string yuan_part(std::uint64_t yuan) {
  std::array<unsigned, kGroups.size()> groups{};
  std::size_t count = 0;
  while (yuan > 0) {
    groups[count++] = static_cast<unsigned>(yuan % 10000);
    yuan /= 10000;
  }
  std::string out;
  bool pending_zero = false;
  for (std::size_t i = count; i-- > 0;) {
    const unsigned group = groups[i];
    if (group == 0) {
      if (!out.empty()) pending_zero = true;
      continue;
    }
    // A zero-led group (or a skipped all-zero group) after higher digits reads 零: 壹万零伍.
    if (!out.empty() && (pending_zero || group < 1000)) out += kDigits[0];
    pending_zero = false;
    out += group_in_capitals(group);
    out += kGroups[i];
  }
  return out;
}

// Valid UTF-8 and no control characters: a newline inside a field would make the canonical
// text ambiguous, and pango would garble invalid bytes.
core::Status check_field(std::string_view value, const char* field) {
  if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr)) {
    return core::Error{core::Reason::FIELD_INVALID, "文本不是有效的 UTF-8", field};
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7F) {
      return core::Error{core::Reason::FIELD_INVALID, "文本含有控制字符", field};
    }
  }
  return core::Status::Ok();
}

core::Status check_fields(std::initializer_list<std::pair<const std::string*, const char*>> fields) {
  for (const auto& [value, name] : fields) {
    if (core::Status s = check_field(*value, name); !s.ok()) return s;
  }
  return core::Status::Ok();
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace

std::string yuan_in_capitals(std::int64_t fen) {
  const bool negative = fen < 0;
  // Two's-complement-safe magnitude, so INT64_MIN works too.
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(fen) + 1 : static_cast<std::uint64_t>(fen);
  const std::uint64_t yuan = magnitude / 100;
  const unsigned jiao = static_cast<unsigned>(magnitude / 10 % 10);
  const unsigned fen_digit = static_cast<unsigned>(magnitude % 10);

  if (magnitude == 0) return "零元整";
  std::string out = negative ? "负" : "";
  if (yuan > 0) {
    out += yuan_part(yuan);
    out += "元";
  }
  if (jiao == 0 && fen_digit == 0) {
    out += "整";
    return out;
  }
  if (jiao > 0) {
    out += kDigits[jiao];
    out += "角";
  } else if (yuan > 0) {
    out += kDigits[0];  // 壹拾元零伍分
  }
  if (fen_digit > 0) {
    out += kDigits[fen_digit];
    out += "分";
  }
  return out;
}

std::string commitment_letter_canonical_text(const CommitmentLetter& l) {
  std::string text = "yibao/个人承诺书/v1";
  for (const std::string* field : {&l.holder_name, &l.holder_id_masked, &l.member_name,
                                   &l.member_id_masked, &l.relation_label, &l.date,
                                   &l.channel_label}) {
    text += '\n';
    text += *field;
  }
  return text;
}

std::string commitment_letter_sha256(const CommitmentLetter& letter) {
  return sha256_hex(commitment_letter_canonical_text(letter));
}

core::Result<std::string> render_commitment_letter(const CommitmentLetter& l,
                                                   std::string& sha256_hex_out) {
  sha256_hex_out.clear();
  if (core::Status s = check_fields({{&l.holder_name, "holder_name"},
                                     {&l.holder_id_masked, "holder_id_masked"},
                                     {&l.member_name, "member_name"},
                                     {&l.member_id_masked, "member_id_masked"},
                                     {&l.relation_label, "relation_label"},
                                     {&l.date, "date"},
                                     {&l.channel_label, "channel_label"}});
      !s.ok()) {
    return s.error();
  }
  const std::string digest = commitment_letter_sha256(l);

  PdfDocument pdf("个人承诺书");
  pdf.title("个人承诺书");
  pdf.paragraph("本人" + l.holder_name + "（身份证号码：" + l.holder_id_masked + "）通过" +
                l.channel_label + "申请将" + l.member_name + "（身份证号码：" + l.member_id_masked +
                "）添加为本人医保电子凭证亲情账户的家庭成员，本人与其关系为" + l.relation_label +
                "。本人郑重承诺如下：");
  pdf.paragraph("一、本人所填报的家庭成员姓名、身份证件号码、与本人关系等信息，以及所上传的户口簿等"
                "证明材料，均真实、准确、完整，不存在虚构、隐瞒或冒用他人信息的情形。");
  pdf.paragraph("二、本人添加该家庭成员已事先征得其本人（或其监护人）同意，添加后仅代其办理其本人的"
                "医疗保障业务，包括就医购药、费用结算、参保缴费及信息查询，所用均为其本人的医保待遇"
                "和个人账户。");
  pdf.paragraph("三、本人不将该家庭成员的医保电子凭证（医保码）出借、转让或提供给他人使用，不使用其"
                "医保码为本人或任何第三人就医、购药或结算费用，不以任何方式骗取医疗保障基金。");
  pdf.paragraph("四、本人妥善保管本人账户及该家庭成员的医保电子凭证密码；因保管不善造成的损失由本人"
                "承担。本人或该家庭成员可依规定解除绑定。");
  pdf.paragraph("五、如有虚假承诺或违反上述承诺的行为，本人自愿承担由此产生的一切法律责任，并接受医疗"
                "保障部门依据《医疗保障基金使用监督管理条例》等法律法规作出的处理。");
  pdf.paragraph("特此承诺。");
  pdf.spacer(24);
  pdf.right_aligned("承诺人（签名）：" + l.holder_name);
  pdf.right_aligned("日期：" + l.date);
  pdf.spacer(24);
  pdf.rule();
  pdf.footer_note("本承诺书由国家医保服务平台（yibao 演示）根据申请信息生成，经承诺人电子签名后生效。"
                  "文件摘要按承诺书内容计算，可用于核验内容是否被改动。");
  pdf.monospace_note("文件摘要 SHA-256: " + digest);

  core::Result<std::string> bytes = pdf.finish();
  if (bytes.ok()) sha256_hex_out = digest;
  return bytes;
}

core::Result<std::string> render_contribution_receipt(const ContributionReceipt& r) {
  if (core::Status s = check_fields({{&r.receipt_no, "receipt_no"},
                                     {&r.payer_name, "payer_name"},
                                     {&r.payer_id_masked, "payer_id_masked"},
                                     {&r.insured_name, "insured_name"},
                                     {&r.insured_id_masked, "insured_id_masked"},
                                     {&r.insured_admdvs_name, "insured_admdvs_name"},
                                     {&r.insutype_label, "insutype_label"},
                                     {&r.year, "year"},
                                     {&r.amount_yuan, "amount_yuan"},
                                     {&r.paid_from_label, "paid_from_label"},
                                     {&r.paid_at, "paid_at"},
                                     {&r.collecting_agency, "collecting_agency"}});
      !s.ok()) {
    return s.error();
  }
  core::Result<core::Money> amount = core::Money::parse(r.amount_yuan);
  if (!amount.ok()) {
    return core::Error{amount.reason(), amount.error().detail, "amount_yuan"};
  }
  if (amount->is_negative()) {
    return core::Error{core::Reason::MONEY_INVALID, "缴费金额不能为负", "amount_yuan"};
  }

  PdfDocument pdf("城乡居民基本医疗保险缴费凭证");
  pdf.title("城乡居民基本医疗保险缴费凭证");
  pdf.key_value("凭证编号", r.receipt_no);
  pdf.key_value("缴费人", r.payer_name);
  pdf.key_value("缴费人身份证号码", r.payer_id_masked);
  pdf.key_value("参保人", r.insured_name);
  pdf.key_value("参保人身份证号码", r.insured_id_masked);
  pdf.key_value("参保地", r.insured_admdvs_name);
  pdf.key_value("险种", r.insutype_label);
  pdf.key_value("缴费年度", r.year);
  pdf.key_value("缴费金额（小写）", "¥" + amount->to_string());
  pdf.key_value("缴费金额（大写）", yuan_in_capitals(amount->fen()));
  pdf.key_value("缴费方式", r.paid_from_label);
  pdf.key_value("缴费时间", r.paid_at);
  pdf.key_value("征收机构", r.collecting_agency);
  pdf.spacer(18);
  pdf.rule();
  pdf.footer_note("本凭证由国家医保服务平台（yibao 演示）生成，可通过凭证编号查验。");
  return pdf.finish();
}

}  // namespace yibao::docs
