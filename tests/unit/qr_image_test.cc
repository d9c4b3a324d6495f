#include "qr/qr_image.h"

#include <qrencode.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qr/code_token.h"

namespace yibao::qr {
namespace {

using core::Reason;

std::string sample_token() {
  CodeTokenCodec::Key key{};
  key.fill(0x5A);
  const CodeTokenCodec codec(key);
  return codec.issue(CodeClaims{1001, 2002, std::chrono::system_clock::time_point{
                                                std::chrono::seconds{1709265906}},
                                0xCAFEBABEu});
}

// A temp file removed when the test ends.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("yibao_qr_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
             std::string(suffix));
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good());
}

// What zbarimg reads in the image (its --raw output without the trailing newline).
// zbarimg's stderr (e.g. D-Bus connection chatter in a container) goes to a file of its own.
std::string zbar_decode(const std::filesystem::path& png) {
  const TempFile errors(".stderr");
  const std::string command =
      "/usr/bin/zbarimg --raw -q '" + png.string() + "' 2>'" + errors.path().string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed";
    return {};
  }
  std::string output;
  std::array<char, 512> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  std::ifstream error_file(errors.path());
  const std::string error_text((std::istreambuf_iterator<char>(error_file)),
                               std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 0) << "zbarimg: " << output << error_text;
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// The symbol libqrencode makes for `text`, as the renderer is specified to make it.
struct Symbol {
  int version = 0;
  int width = 0;
  std::vector<bool> dark;
};
Symbol reference_symbol(const std::string& text) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  Symbol symbol;
  if (code == nullptr) return symbol;
  symbol.version = code->version;
  symbol.width = code->width;
  for (int i = 0; i < code->width * code->width; ++i) symbol.dark.push_back((code->data[i] & 1) != 0);
  QRcode_free(code);
  return symbol;
}

TEST(QrImage, PngStartsWithTheSignatureAndHasTheExpectedSize) {
  const std::string token = sample_token();
  auto png = render_png(token);
  ASSERT_TRUE(png.ok()) << png.error().detail;
  ASSERT_GE(png->size(), 33u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png->substr(12, 4), "IHDR");
  const Symbol symbol = reference_symbol(token);
  ASSERT_GT(symbol.width, 0);
  const auto side = static_cast<std::uint32_t>((symbol.width + 2 * 4) * 8);
  EXPECT_EQ(be32(*png, 16), side);  // width
  EXPECT_EQ(be32(*png, 20), side);  // height
  EXPECT_EQ(static_cast<int>((*png)[24]), 1);  // bit depth
  EXPECT_EQ(static_cast<int>((*png)[25]), 0);  // grayscale
  EXPECT_EQ(png->substr(png->size() - 8, 4), "IEND");
}

TEST(QrImage, ATokenFitsVersion4InAlphanumericMode) {
  // 74 characters at level M: version 4 holds 90 alphanumeric characters but only 62 bytes, so
  // version 4 proves libqrencode chose alphanumeric mode.
  const Symbol symbol = reference_symbol(sample_token());
  EXPECT_EQ(symbol.version, 4);
  EXPECT_EQ(symbol.width, 33);
}

TEST(QrImage, ZbarReadsTheTokenBackFromThePng) {
  const std::string token = sample_token();
  for (const auto& [pixels, margin] : {std::pair{8, 4}, std::pair{3, 4}, std::pair{4, 2}}) {
    auto png = render_png(token, pixels, margin);
    ASSERT_TRUE(png.ok()) << png.error().detail;
    TempFile file(".png");
    write_file(file.path(), *png);
    EXPECT_EQ(zbar_decode(file.path()), token) << pixels << " px, margin " << margin;
  }
}

TEST(QrImage, ZbarReadsArbitraryTextBack) {
  const std::string text = "医保码 mixed-case text/with?symbols=1";
  auto png = render_png(text);
  ASSERT_TRUE(png.ok());
  TempFile file(".png");
  write_file(file.path(), *png);
  EXPECT_EQ(zbar_decode(file.path()), text);
}

TEST(QrImage, SvgIsOnePathOfTheSymbolsDarkModules) {
  const std::string token = sample_token();
  auto svg = render_svg(token);
  ASSERT_TRUE(svg.ok()) << svg.error().detail;
  EXPECT_TRUE(svg->starts_with("<svg"));
  EXPECT_TRUE(svg->ends_with("</svg>"));
  EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
  EXPECT_NE(svg->find("viewBox=\"0 0 41 41\""), std::string::npos);
  EXPECT_NE(svg->find("<rect width=\"41\" height=\"41\" fill=\"#fff\"/>"), std::string::npos);
  const auto path_at = svg->find("<path");
  ASSERT_NE(path_at, std::string::npos);
  EXPECT_EQ(svg->find("<path", path_at + 1), std::string::npos) << "more than one <path>";

  // Paint the path's runs ("M x y h n v1 h -n z") and compare with libqrencode's symbol.
  const Symbol symbol = reference_symbol(token);
  const int margin = 4;
  std::vector<bool> painted(symbol.dark.size(), false);
  const auto d_at = svg->find(" d=\"", path_at);
  ASSERT_NE(d_at, std::string::npos);
  const std::string d = svg->substr(d_at + 4, svg->find('"', d_at + 4) - (d_at + 4));
  int x = 0, y = 0, n = 0, n2 = 0, used = 0;
  for (const char* p = d.c_str(); *p != '\0'; p += used) {
    ASSERT_EQ(std::sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used), 4) << p;
    ASSERT_EQ(n, n2);
    for (int i = 0; i < n; ++i) {
      const int mx = x + i - margin, my = y - margin;
      ASSERT_TRUE(mx >= 0 && mx < symbol.width && my >= 0 && my < symbol.width);
      const auto at = static_cast<std::size_t>(my * symbol.width + mx);
      ASSERT_FALSE(painted[at]) << "module painted twice";
      painted[at] = true;
    }
  }
  EXPECT_EQ(painted, symbol.dark);
}

TEST(QrImage, SvgMarginSetsTheViewBox) {
  auto svg = render_svg("YB1ABC", 0);
  ASSERT_TRUE(svg.ok());
  const int width = reference_symbol("YB1ABC").width;
  EXPECT_NE(svg->find("viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(width) + "\""),
            std::string::npos);
}

TEST(QrImage, RefusesWhatItCannotRender) {
  EXPECT_EQ(render_png("").reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_svg("").reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_png(std::string_view("A\0B", 3)).reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_png("ABC", 0).reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_png("ABC", 8, -1).reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_png("ABC", kMaxModulePixels + 1).reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_svg("ABC", kMaxMarginModules + 1).reason(), Reason::INTERNAL_ERROR);
  const std::string too_long(8000, 'x');  // beyond version 40
  EXPECT_EQ(render_png(too_long).reason(), Reason::INTERNAL_ERROR);
  EXPECT_EQ(render_svg(too_long).reason(), Reason::INTERNAL_ERROR);
}

}  // namespace
}  // namespace yibao::qr
