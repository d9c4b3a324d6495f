// What reads uploaded files: the image check of family-account uploads (户口簿, 出生医学证明)
// and the catalogue CSV import of the agency console. Hostile bytes must give an answer, never
// a crash, a hang or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/catalogue_rules.h"
#include "services/upload_images.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)yibao::services::is_decodable_image("image/png", bytes);
  (void)yibao::services::is_decodable_image("image/jpeg", bytes);
  (void)yibao::domain::read_catalogue_csv(bytes);
  return 0;
}
