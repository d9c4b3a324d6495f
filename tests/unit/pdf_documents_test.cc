#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "docs/documents.h"
#include "docs/pdf_document.h"

// LeakSanitizer and the PDF stack. Two kinds of leak are not ours and are suppressed for this
// test binary only (see also tests/lsan.supp, for processes that render PDFs under ASan):
//  - fontconfig's process-wide caches (filled by pango's font map; never freed before exit);
//  - cairo 1.16's PDF font subsetter, which loses ~768 bytes per CFF font (every Noto CJK face)
//    per document inside cairo_surface_finish — reproducible with plain C cairo + pango.
// Matching "cairo_surface_finish" needs the full stack, hence fast_unwind_on_malloc=0: with the
// default frame-pointer unwinder cairo's frames are cut off and only "libcairo.so" would
// match, which would also hide a cairo object our own code forgot to destroy.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:cairo_surface_finish\n";
}

namespace yibao::docs {
namespace {

using core::Reason;

// A temp file removed when the test ends.
class TempPdf {
 public:
  explicit TempPdf(const std::string& bytes) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("yibao_pdf_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".pdf");
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempPdf() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempPdf(const TempPdf&) = delete;
  TempPdf& operator=(const TempPdf&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << command;
  return out;
}

std::string pdf_text(const std::string& bytes) {
  const TempPdf file(bytes);
  return run("pdftotext -layout '" + file.path() + "' - 2>&1");
}

int pdf_pages(const std::string& bytes) {
  const TempPdf file(bytes);
  const std::string info = run("pdfinfo '" + file.path() + "' 2>&1");
  const auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::stoi(info.substr(at + 6));
}

std::string pdf_info(const std::string& bytes) {
  const TempPdf file(bytes);
  return run("pdfinfo '" + file.path() + "' 2>&1");
}

// pdftotext -layout pads and may split lines; compare with all whitespace removed.
std::string squeeze(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) out += c;
  }
  return out;
}

CommitmentLetter sample_letter() {
  return CommitmentLetter{"张三丰", "110***********123X", "张小明", "110***********0018",
                          "子女",   "2024-03-01",         "国家医保服务平台App"};
}

ContributionReceipt sample_receipt() {
  return ContributionReceipt{"JF2025110101000123",
                             "张三丰",
                             "110***********123X",
                             "李秀英",
                             "110***********2026",
                             "北京市东城区",
                             "城乡居民基本医疗保险",
                             "2025",
                             "380.00",
                             "家庭共济（历年账户）",
                             "2024-12-20 09:30:15",
                             "国家税务总局北京市东城区税务局"};
}

TEST(PdfDocument, RendersAPdfWithMetadata) {
  PdfDocument pdf("测试文档");
  pdf.title("标题 Title");
  pdf.heading("小节");
  pdf.paragraph("正文 body text。", true);
  pdf.key_value("键", "值");
  pdf.rule();
  pdf.footer_note("脚注");
  auto bytes = pdf.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  EXPECT_EQ(bytes->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf_pages(*bytes), 1);
  const std::string info = pdf_info(*bytes);
  EXPECT_NE(info.find("测试文档"), std::string::npos) << info;
  EXPECT_NE(info.find("yibao 医保服务平台"), std::string::npos) << info;
  const std::string text = squeeze(pdf_text(*bytes));
  for (const char* expected : {"标题Title", "小节", "正文bodytext。", "键", "值", "脚注"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // A second finish is refused rather than returning an empty document.
  EXPECT_FALSE(pdf.finish().ok());
}

TEST(PdfDocument, LongParagraphBreaksOntoFurtherPages) {
  std::string long_text;
  for (int i = 0; i < 120; ++i) {
    long_text += "第" + std::to_string(i) + "句：医疗保障基金是人民群众的看病钱、救命钱，必须管好用好。";
  }
  PdfDocument pdf("长文");
  pdf.title("长文");
  pdf.paragraph(long_text);
  pdf.paragraph("结尾段落END");
  EXPECT_GE(pdf.page_count(), 2);
  auto bytes = pdf.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  EXPECT_GE(pdf_pages(*bytes), 2);
  const std::string text = squeeze(pdf_text(*bytes));
  EXPECT_NE(text.find("第0句"), std::string::npos);
  EXPECT_NE(text.find("第119句"), std::string::npos);
  EXPECT_NE(text.find("结尾段落END"), std::string::npos);
}

TEST(PdfDocument, InvalidUtf8IsAnErrorNotGarbage) {
  PdfDocument pdf("坏文本");
  pdf.paragraph(std::string("ab\xff\xfe", 4));
  auto bytes = pdf.finish();
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.reason(), Reason::INTERNAL_ERROR);
}

TEST(PdfDocument, UnfinishedDocumentIsReleasedCleanly) {
  PdfDocument pdf("未完成");
  pdf.paragraph("没有调用 finish 也不泄漏。");
}

TEST(DocumentsCommitmentLetter, ContainsTheFieldsAndTheDigest) {
  std::string digest;
  auto bytes = render_commitment_letter(sample_letter(), digest);
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  ASSERT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(digest, commitment_letter_sha256(sample_letter()));

  const std::string raw = pdf_text(*bytes);
  const std::string text = squeeze(raw);
  for (const char* expected : {"个人承诺书", "张三丰", "110***********123X", "张小明",
                               "110***********0018", "子女", "2024-03-01", "国家医保服务平台App",
                               "承诺人（签名）：张三丰", "日期：2024-03-01", "特此承诺"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << raw;
  }
  EXPECT_NE(text.find("文件摘要SHA-256:" + digest), std::string::npos) << raw;
  EXPECT_EQ(pdf_pages(*bytes), 1);
}

TEST(DocumentsCommitmentLetter, DigestIsOverTheContent) {
  std::string first, second, changed;
  ASSERT_TRUE(render_commitment_letter(sample_letter(), first).ok());
  ASSERT_TRUE(render_commitment_letter(sample_letter(), second).ok());
  EXPECT_EQ(first, second);  // PDF bytes differ (timestamps); the content digest does not

  CommitmentLetter other = sample_letter();
  other.member_name = "张小红";
  ASSERT_TRUE(render_commitment_letter(other, changed).ok());
  EXPECT_NE(first, changed);

  // Moving text between adjacent fields changes the canonical text too.
  CommitmentLetter shifted = sample_letter();
  shifted.holder_name = "张三";
  shifted.holder_id_masked = "丰110***********123X";
  EXPECT_NE(commitment_letter_sha256(shifted), first);
  EXPECT_EQ(commitment_letter_canonical_text(sample_letter()),
            "yibao/个人承诺书/v1\n张三丰\n110***********123X\n张小明\n110***********0018\n子女\n"
            "2024-03-01\n国家医保服务平台App");
}

TEST(DocumentsCommitmentLetter, RefusesControlCharactersAndBadUtf8) {
  std::string digest = "stale";
  CommitmentLetter letter = sample_letter();
  letter.member_name = "张\n小明";
  auto bytes = render_commitment_letter(letter, digest);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.reason(), Reason::FIELD_INVALID);
  EXPECT_EQ(bytes.error().field, "member_name");
  EXPECT_TRUE(digest.empty());

  letter = sample_letter();
  letter.holder_name = std::string("\xe5\xbc", 2);  // truncated UTF-8
  bytes = render_commitment_letter(letter, digest);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().field, "holder_name");
}

TEST(DocumentsContributionReceipt, ContainsTheFieldsAndTheAmounts) {
  auto bytes = render_contribution_receipt(sample_receipt());
  ASSERT_TRUE(bytes.ok()) << bytes.error().detail;
  const std::string raw = pdf_text(*bytes);
  const std::string text = squeeze(raw);
  for (const char* expected :
       {"城乡居民基本医疗保险缴费凭证", "JF2025110101000123", "张三丰", "李秀英",
        "110***********2026", "北京市东城区", "2025", "380.00", "叁佰捌拾元整",
        "家庭共济（历年账户）", "2024-12-2009:30:15", "国家税务总局北京市东城区税务局",
        "本凭证由国家医保服务平台（yibao演示）生成，可通过凭证编号查验"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << raw;
  }
  EXPECT_EQ(pdf_pages(*bytes), 1);
}

TEST(DocumentsContributionReceipt, RefusesABadAmount) {
  ContributionReceipt receipt = sample_receipt();
  receipt.amount_yuan = "38O.00";
  auto bytes = render_contribution_receipt(receipt);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.reason(), Reason::MONEY_INVALID);
  EXPECT_EQ(bytes.error().field, "amount_yuan");

  receipt.amount_yuan = "-1.00";
  bytes = render_contribution_receipt(receipt);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.reason(), Reason::MONEY_INVALID);
}

TEST(YuanInCapitals, Table) {
  struct Case {
    std::int64_t fen;
    const char* expected;
  };
  const Case cases[] = {
      {0, "零元整"},
      {1, "壹分"},
      {5, "伍分"},
      {50, "伍角"},
      {55, "伍角伍分"},
      {100, "壹元整"},
      {101, "壹元零壹分"},
      {1000, "壹拾元整"},
      {1005, "壹拾元零伍分"},
      {1010, "壹拾元壹角"},
      {10010, "壹佰元壹角"},
      {38000, "叁佰捌拾元整"},
      {100500, "壹仟零伍元整"},
      {105000, "壹仟零伍拾元整"},
      {168032, "壹仟陆佰捌拾元叁角贰分"},
      {1000000, "壹万元整"},
      {2030000, "贰万零叁佰元整"},
      {10000000, "壹拾万元整"},
      {100000500, "壹佰万零伍元整"},
      {1000100000, "壹仟万壹仟元整"},
      {1001000000, "壹仟零壹万元整"},
      {1050010000, "壹仟零伍拾万零壹佰元整"},
      {1234567890, "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"},
      {9999999999, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
      {10000000000, "壹亿元整"},
      {10000000500, "壹亿零伍元整"},
      {10000500000, "壹亿零伍仟元整"},
      {-38000, "负叁佰捌拾元整"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(yuan_in_capitals(c.fen), c.expected) << c.fen;
  }
  // The extremes do not overflow.
  EXPECT_EQ(yuan_in_capitals(INT64_MAX),
            "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
  EXPECT_EQ(yuan_in_capitals(INT64_MIN).substr(0, 3), "负");
}

}  // namespace
}  // namespace yibao::docs
