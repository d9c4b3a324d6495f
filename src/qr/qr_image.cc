#include "qr/qr_image.h"

#include <png.h>
#include <qrencode.h>

#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace yibao::qr {
namespace {

using core::Error;
using core::Reason;
using core::Result;

struct QrcodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrcodePtr = std::unique_ptr<QRcode, QrcodeDeleter>;

bool margin_ok(int margin_modules) {
  return margin_modules >= 0 && margin_modules <= kMaxMarginModules;
}

// The symbol for `text`: level M, case-sensitive, the mode libqrencode picks per segment.
Result<QrcodePtr> encode(std::string_view text) {
  if (text.empty()) return Error{Reason::INTERNAL_ERROR, "QR: empty text"};
  if (text.find('\0') != std::string_view::npos) {
    return Error{Reason::INTERNAL_ERROR, "QR: text contains a NUL byte"};
  }
  const std::string c_text(text);  // QRcode_encodeString reads a NUL-terminated string
  QrcodePtr code(QRcode_encodeString(c_text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) {
    // errno: ERANGE = too long for any version, ENOMEM, EINVAL.
    return Error{Reason::INTERNAL_ERROR, "QR: libqrencode could not encode the text"};
  }
  return Result<QrcodePtr>(std::move(code));
}

bool dark(const QRcode& code, int x, int y) {
  return (code.data[static_cast<std::size_t>(y) * static_cast<std::size_t>(code.width) +
                    static_cast<std::size_t>(x)] & 1u) != 0;
}

// ---- PNG ----------------------------------------------------------------------------------

// What the libpng callbacks reach through their user pointers.
struct PngSink {
  std::string* out;
  bool out_of_memory;
  char message[160];
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
  if (sink != nullptr) std::snprintf(sink->message, sizeof sink->message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void on_png_write(png_structp png, png_bytep data, std::size_t length) {
  auto* sink = static_cast<PngSink*>(png_get_io_ptr(png));
  {
    // The append may throw; the exception must not cross libpng's C frames, and the longjmp
    // below must not leave a live C++ object behind, so the try block ends first.
    try {
      sink->out->append(reinterpret_cast<const char*>(data), length);
    } catch (...) {
      sink->out_of_memory = true;
    }
  }
  if (sink->out_of_memory) png_error(png, "out of memory while writing the PNG");
}

void on_png_flush(png_structp) {}  // a std::string needs no flush (libpng's default is fflush)

// Owns the write and info structs; their destruction never longjmps.
class PngHandles {
 public:
  explicit PngHandles(PngSink* sink)
      : png_(png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, &on_png_error, &on_png_warning)),
        info_(png_ != nullptr ? png_create_info_struct(png_) : nullptr) {}
  ~PngHandles() {
    if (png_ != nullptr) png_destroy_write_struct(&png_, info_ != nullptr ? &info_ : nullptr);
  }
  PngHandles(const PngHandles&) = delete;
  PngHandles& operator=(const PngHandles&) = delete;

  bool ok() const { return png_ != nullptr && info_ != nullptr; }
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_;
  png_infop info_;
};

// Every libpng call that can fail (and so longjmp) runs in this function, after its setjmp.
// Its frame holds only trivially destructible objects, and every C++ object with a destructor
// (the output string, the row buffer, the handles, the QR symbol) lives in the caller, so a
// longjmp back here skips no destructor. Nothing is modified between setjmp and a longjmp that
// is read afterwards, so no local needs to be volatile.
bool write_png(png_structp png, png_infop info, PngSink* sink, const QRcode* code, int scale,
               int margin, png_bytep row, std::size_t row_bytes) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;

  const int side_modules = code->width + 2 * margin;
  const auto side_pixels = static_cast<png_uint_32>(side_modules * scale);
  png_set_write_fn(png, sink, &on_png_write, &on_png_flush);
  png_set_IHDR(png, info, side_pixels, side_pixels, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (png_uint_32 py = 0; py < side_pixels; ++py) {
    std::memset(row, 0xFF, row_bytes);  // 1 = white
    const int my = static_cast<int>(py) / scale - margin;
    if (my >= 0 && my < code->width) {
      for (png_uint_32 px = 0; px < side_pixels; ++px) {
        const int mx = static_cast<int>(px) / scale - margin;
        if (mx >= 0 && mx < code->width && dark(*code, mx, my)) {
          row[px >> 3] = static_cast<png_byte>(row[px >> 3] & ~(0x80u >> (px & 7u)));
        }
      }
    }
    png_write_row(png, row);
  }
  png_write_end(png, nullptr);
  return true;
}

}  // namespace

Result<std::string> render_png(std::string_view text, int module_pixels, int margin_modules) {
  if (module_pixels < 1 || module_pixels > kMaxModulePixels || !margin_ok(margin_modules)) {
    return Error{Reason::INTERNAL_ERROR, "QR: module size or margin out of range"};
  }
  auto code = encode(text);
  if (!code) return code.error();

  const int side_pixels = ((*code)->width + 2 * margin_modules) * module_pixels;
  const std::size_t row_bytes = (static_cast<std::size_t>(side_pixels) + 7) / 8;
  std::vector<png_byte> row(row_bytes);
  std::string out;
  PngSink sink{&out, false, {}};
  PngHandles handles(&sink);
  if (!handles.ok()) return Error{Reason::INTERNAL_ERROR, "PNG: libpng could not start"};
  if (!write_png(handles.png(), handles.info(), &sink, code->get(), module_pixels, margin_modules,
                 row.data(), row.size())) {
    return Error{Reason::INTERNAL_ERROR, std::string("PNG: ") + sink.message};
  }
  return out;
}

// ---- SVG ----------------------------------------------------------------------------------

Result<std::string> render_svg(std::string_view text, int margin_modules) {
  if (!margin_ok(margin_modules)) return Error{Reason::INTERNAL_ERROR, "QR: margin out of range"};
  auto code = encode(text);
  if (!code) return code.error();
  const QRcode& symbol = **code;
  const std::string side = std::to_string(symbol.width + 2 * margin_modules);

  std::string svg;
  svg.reserve(static_cast<std::size_t>(symbol.width) * static_cast<std::size_t>(symbol.width) * 4);
  svg += R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + side + " " + side +
         R"(" shape-rendering="crispEdges"><rect width=")" + side + R"(" height=")" + side +
         R"(" fill="#fff"/><path fill="#000" d=")";
  // One sub-path per horizontal run of dark modules: M x y h n v1 h -n z.
  for (int y = 0; y < symbol.width; ++y) {
    for (int x = 0; x < symbol.width;) {
      if (!dark(symbol, x, y)) {
        ++x;
        continue;
      }
      int run = 0;
      while (x + run < symbol.width && dark(symbol, x + run, y)) ++run;
      const std::string n = std::to_string(run);
      svg += "M" + std::to_string(x + margin_modules) + " " + std::to_string(y + margin_modules) +
             "h" + n + "v1h-" + n + "z";
      x += run;
    }
  }
  svg += R"("/></svg>)";
  return svg;
}

}  // namespace yibao::qr
