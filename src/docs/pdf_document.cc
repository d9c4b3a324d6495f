#include "docs/pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace yibao::docs {
namespace {

// ---- RAII over the C objects: each one is released on every path, success or failure. ----
struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
  void operator()(gpointer p) const { g_object_unref(p); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct LayoutIterDeleter {
  void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, LayoutIterDeleter>;

// Pango 1.50 justifies only at word boundaries, which CJK text barely has, so body text is
// left-aligned (ragged right) rather than justified.
// Pango walks the family list and falls back per character, so Latin digits and CJK both render.
// Serif (宋体-like, as on printed government forms) comes first on purpose: cairo 1.16's CFF
// subsetter embeds some Noto *Sans* CJK SC glyphs (e.g. 如) as .notdef — the text layer is
// right, but the page shows a blank or a box (seen in poppler and ghostscript).
constexpr const char* kSans = "Noto Serif CJK SC, Noto Sans CJK SC, serif";
constexpr const char* kMono = "Noto Sans Mono CJK SC, DejaVu Sans Mono, monospace";
constexpr const char* kCreator = "yibao 医保服务平台";

constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin;
constexpr double kKeyColumn = 140.0;   // width of the key column in key_value rows
constexpr double kColumnGap = 12.0;

struct Style {
  const char* family;
  double size;
  bool bold;
  PangoAlignment align;
  bool justify;
  double grey;        // 0 = black
  double line_gap;    // extra points between wrapped lines
  double space_after;
};

constexpr Style kTitleStyle{kSans, 20, true, PANGO_ALIGN_CENTER, false, 0, 4, 18};
constexpr Style kHeadingStyle{kSans, 14, true, PANGO_ALIGN_LEFT, false, 0, 3, 8};
constexpr Style kBodyStyle{kSans, 12, false, PANGO_ALIGN_LEFT, false, 0, 5, 8};
constexpr Style kRightStyle{kSans, 12, false, PANGO_ALIGN_RIGHT, false, 0, 5, 8};
constexpr Style kNoteStyle{kSans, 9, false, PANGO_ALIGN_LEFT, false, 0.35, 2, 4};
constexpr Style kMonoStyle{kMono, 9, false, PANGO_ALIGN_LEFT, false, 0.2, 2, 4};
constexpr Style kKeyStyle{kSans, 12, true, PANGO_ALIGN_LEFT, false, 0.25, 3, 0};
constexpr Style kValueStyle{kSans, 12, false, PANGO_ALIGN_LEFT, false, 0, 3, 0};
constexpr Style kPageNumberStyle{kSans, 9, false, PANGO_ALIGN_CENTER, false, 0.45, 0, 0};

double to_points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

}  // namespace

struct PdfDocument::Impl {
  // Declared before the surface so it outlives it: destroying an unfinished surface still
  // writes through the stream callback.
  std::string bytes;
  bool write_failed = false;
  SurfacePtr surface;
  CairoPtr cr;

  double y = kMargin;
  int page = 1;
  bool page_has_content = false;
  bool finished = false;
  std::string error;  // first failure, reported by finish()

  static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length) {
    auto* self = static_cast<Impl*>(closure);
    try {
      self->bytes.append(reinterpret_cast<const char*>(data), length);
    } catch (...) {
      self->write_failed = true;
      return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
  }

  bool usable() const { return !finished && error.empty() && cr != nullptr; }

  void fail(std::string what) {
    if (error.empty()) error = std::move(what);
  }

  bool check_cairo(const char* where) {
    if (!cr) return false;
    const cairo_status_t status = cairo_status(cr.get());
    if (status != CAIRO_STATUS_SUCCESS) {
      fail(std::string("cairo ") + where + ": " + cairo_status_to_string(status));
      return false;
    }
    return true;
  }

  // A layout for `text` in `style`, `width` points wide; null (and a recorded error) when the
  // text is not valid UTF-8, which pango would otherwise silently mangle.
  LayoutPtr make_layout(std::string_view text, const Style& style, double width) {
    if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
      fail("text is not valid UTF-8");
      return nullptr;
    }
    LayoutPtr layout(pango_cairo_create_layout(cr.get()));
    if (!layout) {
      fail("pango_cairo_create_layout failed");
      return nullptr;
    }
    FontDescriptionPtr font(pango_font_description_from_string(style.family));
    pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), pango_units_from_double(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align);
    pango_layout_set_justify(layout.get(), style.justify ? TRUE : FALSE);
    pango_layout_set_spacing(layout.get(), pango_units_from_double(style.line_gap));
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  void draw_page_number() {
    const std::string label = "第 " + std::to_string(page) + " 页";
    LayoutPtr layout = make_layout(label, kPageNumberStyle, kContentWidth);
    if (!layout) return;
    cairo_set_source_rgb(cr.get(), kPageNumberStyle.grey, kPageNumberStyle.grey, kPageNumberStyle.grey);
    cairo_move_to(cr.get(), kMargin, kPageHeight - kMargin / 2 - 6);
    pango_cairo_show_layout(cr.get(), layout.get());
  }

  void new_page() {
    draw_page_number();
    cairo_show_page(cr.get());
    ++page;
    y = kMargin;
    page_has_content = false;
  }

  // Starts a new page unless `height` more points fit on this one (an empty page takes anything).
  void ensure_room(double height) {
    if (page_has_content && y + height > kBottom) new_page();
  }

  // Draws a layout line by line so that a long paragraph continues on the next page.
  void flow(PangoLayout* layout, const Style& style, double x) {
    cairo_set_source_rgb(cr.get(), style.grey, style.grey, style.grey);
    LayoutIterPtr iter(pango_layout_get_iter(layout));
    do {
      PangoRectangle logical{};
      pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
      const double height = to_points(logical.height);
      const double baseline = to_points(pango_layout_iter_get_baseline(iter.get()) - logical.y);
      ensure_room(height);
      cairo_set_source_rgb(cr.get(), style.grey, style.grey, style.grey);
      cairo_move_to(cr.get(), x + to_points(logical.x), y + baseline);
      pango_cairo_show_layout_line(cr.get(), pango_layout_iter_get_line_readonly(iter.get()));
      y += height + style.line_gap;
      page_has_content = true;
    } while (pango_layout_iter_next_line(iter.get()));
    y += style.space_after - style.line_gap;
  }

  void block(std::string_view text, const Style& style) {
    if (!usable()) return;
    LayoutPtr layout = make_layout(text, style, kContentWidth);
    if (!layout) return;
    flow(layout.get(), style, kMargin);
    check_cairo("text");
  }
};

PdfDocument::PdfDocument(std::string_view metadata_title) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.surface.reset(cairo_pdf_surface_create_for_stream(&Impl::write, &d, kPageWidth, kPageHeight));
  if (cairo_surface_status(d.surface.get()) != CAIRO_STATUS_SUCCESS) {
    d.fail(std::string("cairo_pdf_surface_create_for_stream: ") +
           cairo_status_to_string(cairo_surface_status(d.surface.get())));
    return;
  }
  const std::string title(metadata_title);
  if (g_utf8_validate(title.data(), static_cast<gssize>(title.size()), nullptr)) {
    cairo_pdf_surface_set_metadata(d.surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  }
  cairo_pdf_surface_set_metadata(d.surface.get(), CAIRO_PDF_METADATA_CREATOR, kCreator);
  d.cr.reset(cairo_create(d.surface.get()));
  d.check_cairo("cairo_create");
}

PdfDocument::~PdfDocument() = default;

void PdfDocument::title(std::string_view text) { impl_->block(text, kTitleStyle); }
void PdfDocument::heading(std::string_view text) { impl_->block(text, kHeadingStyle); }
void PdfDocument::paragraph(std::string_view text, bool bold) {
  Style style = kBodyStyle;
  style.bold = bold;
  impl_->block(text, style);
}
void PdfDocument::right_aligned(std::string_view text) { impl_->block(text, kRightStyle); }
void PdfDocument::footer_note(std::string_view text) { impl_->block(text, kNoteStyle); }
void PdfDocument::monospace_note(std::string_view text) { impl_->block(text, kMonoStyle); }

void PdfDocument::key_value(std::string_view key, std::string_view value) {
  Impl& d = *impl_;
  if (!d.usable()) return;
  LayoutPtr key_layout = d.make_layout(key, kKeyStyle, kKeyColumn);
  LayoutPtr value_layout = d.make_layout(value, kValueStyle, kContentWidth - kKeyColumn - kColumnGap);
  if (!key_layout || !value_layout) return;
  int key_w = 0, key_h = 0, value_w = 0, value_h = 0;
  pango_layout_get_size(key_layout.get(), &key_w, &key_h);
  pango_layout_get_size(value_layout.get(), &value_w, &value_h);
  const double padding = 5.0;
  const double row = std::max(to_points(key_h), to_points(value_h)) + 2 * padding;
  if (row > kBottom - kMargin) {  // taller than a page: let it flow as a paragraph instead
    std::string joined(key);
    joined += "：";
    joined += value;
    d.block(joined, kBodyStyle);
    return;
  }
  d.ensure_room(row);
  cairo_t* cr = d.cr.get();
  cairo_set_source_rgb(cr, kKeyStyle.grey, kKeyStyle.grey, kKeyStyle.grey);
  cairo_move_to(cr, kMargin, d.y + padding);
  pango_cairo_show_layout(cr, key_layout.get());
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, kMargin + kKeyColumn + kColumnGap, d.y + padding);
  pango_cairo_show_layout(cr, value_layout.get());
  // A hairline under the row makes the pairs read as a table.
  cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMargin, d.y + row);
  cairo_line_to(cr, kPageWidth - kMargin, d.y + row);
  cairo_stroke(cr);
  d.y += row;
  d.page_has_content = true;
  d.check_cairo("key_value");
}

void PdfDocument::rule() {
  Impl& d = *impl_;
  if (!d.usable()) return;
  d.ensure_room(12);
  cairo_t* cr = d.cr.get();
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, kMargin, d.y + 6);
  cairo_line_to(cr, kPageWidth - kMargin, d.y + 6);
  cairo_stroke(cr);
  d.y += 12;
  d.page_has_content = true;
  d.check_cairo("rule");
}

void PdfDocument::spacer(double points) {
  Impl& d = *impl_;
  if (!d.usable() || points <= 0) return;
  d.y += points;
  if (d.y > kBottom) d.new_page();
}

int PdfDocument::page_count() const { return impl_->page; }

core::Result<std::string> PdfDocument::finish() {
  Impl& d = *impl_;
  if (d.finished) return core::Error{core::Reason::INTERNAL_ERROR, "PDF document already finished"};
  d.finished = true;
  if (d.error.empty() && d.cr) {
    d.draw_page_number();
    cairo_show_page(d.cr.get());
    d.check_cairo("show_page");
  }
  d.cr.reset();
  if (d.surface) {
    cairo_surface_finish(d.surface.get());
    const cairo_status_t status = cairo_surface_status(d.surface.get());
    if (status != CAIRO_STATUS_SUCCESS) d.fail(std::string("cairo finish: ") + cairo_status_to_string(status));
    d.surface.reset();
  }
  if (d.write_failed) d.fail("writing the PDF stream failed");
  if (!d.error.empty()) return core::Error{core::Reason::INTERNAL_ERROR, "PDF: " + d.error};
  return std::move(d.bytes);
}

}  // namespace yibao::docs
