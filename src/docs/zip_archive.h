#pragma once
// Zip archives in memory (libzip), for the files institutions exchange with 9101/9102: 3202's
// detail file comes in as a zip of one tab-separated text file, its difference file goes out
// the same way. Reading is bounded — an archive whose entries would inflate past
// `max_uncompressed` is refused before it is inflated (a zip bomb), and so is one that is not
// a zip at all.

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace yibao::docs {

struct ZipEntry {
  std::string name;
  std::string content;
};

// FSI_FILE_INVALID (detail says why) for bytes that are not a zip, an encrypted or damaged
// entry, or more than `max_uncompressed` bytes in all.
core::Result<std::vector<ZipEntry>> read_zip(const std::string& bytes, std::size_t max_uncompressed);

// One archive holding `entries`, deflated.
core::Result<std::string> write_zip(const std::vector<ZipEntry>& entries);

}  // namespace yibao::docs
