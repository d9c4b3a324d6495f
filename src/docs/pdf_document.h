#pragma once
// A tiny flowing-layout helper over cairo + pango: A4 portrait pages, Chinese text in Noto CJK,
// word-wrapped blocks that break onto new pages on their own, rendered to an in-memory PDF.
//
//   docs::PdfDocument pdf("个人承诺书");
//   pdf.title("个人承诺书");
//   pdf.paragraph("本人……");
//   pdf.key_value("日期", "2024-03-01");
//   auto bytes = pdf.finish();   // core::Result<std::string> holding "%PDF-…"
//
// Text is always plain text (never pango markup), so user-supplied names need no escaping.
// Every block method is a no-op after finish() or after an earlier cairo failure; the failure
// is reported by finish(). Not thread-safe; one document per thread at a time.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::docs {

// Page geometry in PDF points (1/72 inch).
inline constexpr double kPageWidth = 595.0;   // A4
inline constexpr double kPageHeight = 842.0;
inline constexpr double kMargin = 56.0;

class PdfDocument {
 public:
  // `metadata_title` becomes the PDF's Title; the Creator is always "yibao 医保服务平台".
  explicit PdfDocument(std::string_view metadata_title);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  void title(std::string_view text);                         // 20 pt bold, centred
  void heading(std::string_view text);                       // 14 pt bold
  void paragraph(std::string_view text, bool bold = false);  // 12 pt, may span pages
  void right_aligned(std::string_view text);                 // 12 pt, flush right (signatures)
  void key_value(std::string_view key, std::string_view value);  // two-column table row
  void rule();                                               // thin horizontal line
  void spacer(double points);                                // vertical gap
  void footer_note(std::string_view text);                   // 9 pt grey small print
  void monospace_note(std::string_view text);                // 9 pt monospace (digests, codes)

  // Ends the last page and returns the PDF bytes; INTERNAL_ERROR when cairo or pango failed.
  // Call once; a second call returns INTERNAL_ERROR.
  core::Result<std::string> finish();

  int page_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yibao::docs
