#include "services/upload_images.h"

#include <png.h>

#include <cstdint>
#include <vector>

namespace yibao::services {

namespace {

bool jpeg_structure_ok(const std::string& b) {
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  const std::size_t n = b.size();
  if (n < 4 || p[0] != 0xFF || p[1] != 0xD8 || p[n - 2] != 0xFF || p[n - 1] != 0xD9) return false;
  std::size_t i = 2;
  bool sof = false;
  while (i + 4 <= n) {
    if (p[i] != 0xFF) return false;
    while (i < n && p[i] == 0xFF) ++i;  // fill bytes
    if (i >= n) return false;
    const unsigned char m = p[i++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // no length
    if (m == 0xD9) return false;                           // EOI before any scan
    if (i + 2 > n) return false;
    const std::size_t len = (std::size_t(p[i]) << 8) | p[i + 1];
    if (len < 2 || i + len > n) return false;
    const bool is_sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (is_sof) {
      if (len < 8) return false;
      const unsigned height = (unsigned(p[i + 3]) << 8) | p[i + 4];
      const unsigned width = (unsigned(p[i + 5]) << 8) | p[i + 6];
      if (height == 0 || width == 0 || p[i + 7] == 0) return false;
      sof = true;
    }
    if (m == 0xDA) return sof;  // start of scan: entropy-coded data follows up to EOI
    i += len;
  }
  return false;
}

bool png_decodes(const std::string& b) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, b.data(), b.size())) return false;
  if (image.width == 0 || image.height == 0 || std::uint64_t(image.width) * image.height > 40'000'000ULL) {
    png_image_free(&image);
    return false;
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  const bool ok = png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0;
  png_image_free(&image);
  return ok;
}

}  // namespace

bool is_decodable_image(const std::string& content_type, const std::string& bytes) {
  static const std::string kPng("\x89PNG\r\n\x1a\n", 8);
  if (bytes.size() >= 8 && bytes.compare(0, 8, kPng) == 0) return content_type == "image/png" && png_decodes(bytes);
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xD8 &&
      static_cast<unsigned char>(bytes[2]) == 0xFF) {
    return (content_type == "image/jpeg" || content_type == "image/jpg") && jpeg_structure_ok(bytes);
  }
  return false;
}

}  // namespace yibao::services
