#pragma once
// Is an uploaded file (a 户口簿 page, a birth certificate photo) the image it says it is? Pure:
// bytes in, yes or no out. Uploads come from anyone's phone, so these read hostile input; they
// are fuzzed (tests/fuzz/fuzz_upload_sniffers.cc).

#include <string>

namespace yibao::services {

// JPEG (SOI, SOFn with sane dimensions, EOI) or PNG (libpng decodes the whole image), and the
// content type agrees with the bytes.
bool is_decodable_image(const std::string& content_type, const std::string& bytes);

}  // namespace yibao::services
