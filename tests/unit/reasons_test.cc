#include "core/reasons.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

TEST(Reasons, EveryCodeIsUnique) {
  std::set<std::string_view> seen;
  for (const auto& entry : all_reasons()) {
    EXPECT_TRUE(seen.insert(entry.code).second) << entry.code;
  }
  EXPECT_FALSE(seen.empty());
}

TEST(Reasons, EveryReasonHasMessageAndRemedyForAPerson) {
  for (const auto& entry : all_reasons()) {
    EXPECT_FALSE(entry.message.empty()) << entry.code;
    EXPECT_FALSE(entry.remedy.empty()) << entry.code;
    // Written in Chinese: at least one multi-byte UTF-8 character.
    const auto has_non_ascii = [](std::string_view s) {
      for (char c : s) if (static_cast<unsigned char>(c) >= 0x80) return true;
      return false;
    };
    EXPECT_TRUE(has_non_ascii(entry.message)) << entry.code;
    EXPECT_TRUE(has_non_ascii(entry.remedy)) << entry.code;
  }
}

TEST(Reasons, HttpStatusIsAnErrorStatus) {
  for (const auto& entry : all_reasons()) {
    EXPECT_GE(entry.http_status, 400) << entry.code;
    EXPECT_LE(entry.http_status, 599) << entry.code;
  }
}

TEST(Reasons, CodeLooksUpItsReasonAndBack) {
  for (const auto& entry : all_reasons()) {
    const auto found = reason_from_code(entry.code);
    ASSERT_TRUE(found.has_value()) << entry.code;
    EXPECT_EQ(*found, entry.reason);
    EXPECT_EQ(info(entry.reason).code, entry.code);
  }
  EXPECT_FALSE(reason_from_code("NO_SUCH_REASON").has_value());
  EXPECT_FALSE(reason_from_code("").has_value());
}

TEST(Reasons, CodesAreUpperSnakeCase) {
  for (const auto& entry : all_reasons()) {
    for (char c : entry.code) {
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') << entry.code;
    }
  }
}

}  // namespace
}  // namespace yibao::core
