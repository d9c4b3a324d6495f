#include "qr/code_token.h"

#include <cctype>
#include <chrono>
#include <limits>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/clock.h"

namespace yibao::qr {
namespace {

using core::Reason;
using namespace std::chrono_literals;

CodeTokenCodec::Key key_of(std::uint8_t first) {
  CodeTokenCodec::Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

// 2024-03-01T04:05:06Z, a whole second.
const core::TimePoint kIssued = core::TimePoint{std::chrono::seconds{1709265906}};
constexpr std::chrono::seconds kTtl{60};

CodeClaims sample_claims() {
  return CodeClaims{123456789, 0, kIssued, 0xDEADBEEFu};
}

class CodeToken : public ::testing::Test {
 protected:
  CodeTokenCodec codec_{key_of(0)};
  core::FakeClock clock_{kIssued};

  Reason refusal(std::string_view token) const {
    auto claims = codec_.verify(token, clock_.now(), kTtl);
    EXPECT_FALSE(claims.ok()) << "accepted " << token;
    return claims.ok() ? Reason::INTERNAL_ERROR : claims.reason();
  }
};

TEST_F(CodeToken, RoundTripsEveryClaim) {
  const CodeClaims claims = sample_claims();
  const std::string token = codec_.issue(claims);
  auto verified = codec_.verify(token, clock_.now(), kTtl);
  ASSERT_TRUE(verified.ok()) << core::info(verified.reason()).code;
  EXPECT_EQ(*verified, claims);
}

TEST_F(CodeToken, ShownBySurvivesTheRoundTrip) {
  for (std::int64_t shown_by : {std::int64_t{0}, std::int64_t{42}, std::int64_t{9007199254740993},
                                std::numeric_limits<std::int64_t>::max()}) {
    CodeClaims claims = sample_claims();
    claims.shown_by_person_id = shown_by;
    auto verified = codec_.verify(codec_.issue(claims), clock_.now(), kTtl);
    ASSERT_TRUE(verified.ok()) << shown_by;
    EXPECT_EQ(verified->shown_by_person_id, shown_by);
    EXPECT_EQ(verified->credential_id, claims.credential_id);
  }
}

TEST_F(CodeToken, MatchesTheDocumentedFormat) {
  // Computed independently with Python: hashlib.blake2b(payload, key=bytes(range(32)),
  // digest_size=16) and base64.b32encode(payload + mac) without '=' padding.
  EXPECT_EQ(codec_.issue(sample_claims()),
            "YB1AAAAAAAHLPGRKAAAAAAAAAAAAAAAAAAAMXQVH4W6VW7O6WVUJZQUCIBGTZURY4KT7S2WAEQ");
  CodeClaims shown_by_family = sample_claims();
  shown_by_family.shown_by_person_id = 42;
  EXPECT_EQ(codec_.issue(shown_by_family),
            "YB1AAAAAAAHLPGRKAAAAAAAAAAAFIAAAAAAMXQVH4W6VW7O7OXSXBBTVXFSDJMVHZD5AZCJCMY");
}

TEST_F(CodeToken, IsFixedLengthUpperCaseAlphanumeric) {
  EXPECT_EQ(kTokenLength, 74u);
  for (std::uint32_t nonce : {0u, 1u, 0xFFFFFFFFu, 0x12345678u}) {
    CodeClaims claims = sample_claims();
    claims.nonce = nonce;
    claims.credential_id = nonce;
    const std::string token = codec_.issue(claims);
    EXPECT_EQ(token.size(), kTokenLength);
    EXPECT_TRUE(token.starts_with("YB1"));
    for (char c : token.substr(3)) {
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) << token;
    }
  }
}

TEST_F(CodeToken, IssuedAtIsTruncatedToWholeSeconds) {
  CodeClaims claims = sample_claims();
  claims.issued_at = kIssued + 999ms;
  auto verified = codec_.verify(codec_.issue(claims), clock_.now(), kTtl);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->issued_at, kIssued);
}

TEST_F(CodeToken, ANewNonceGivesANewToken) {
  CodeClaims other = sample_claims();
  other.nonce += 1;
  EXPECT_NE(codec_.issue(sample_claims()), codec_.issue(other));
  EXPECT_EQ(codec_.issue(sample_claims()), codec_.issue(sample_claims()));
}

TEST_F(CodeToken, ExpiresAfterTheTtl) {
  const std::string token = codec_.issue(sample_claims());
  clock_.advance(5min);
  EXPECT_EQ(refusal(token), Reason::QR_EXPIRED);
}

TEST_F(CodeToken, ExactlyTtlOldIsStillValidOneSecondMoreIsNot) {
  const std::string token = codec_.issue(sample_claims());
  clock_.advance(kTtl);
  EXPECT_TRUE(codec_.verify(token, clock_.now(), kTtl).ok());
  clock_.advance(1ns);
  EXPECT_EQ(refusal(token), Reason::QR_EXPIRED);
  clock_.set(kIssued + kTtl + 1s);
  EXPECT_EQ(refusal(token), Reason::QR_EXPIRED);
}

TEST_F(CodeToken, AllowsThirtySecondsOfClockSkewIntoTheFuture) {
  const std::string token = codec_.issue(sample_claims());
  clock_.set(kIssued - 30s);
  EXPECT_TRUE(codec_.verify(token, clock_.now(), kTtl).ok());
  clock_.set(kIssued - 30s - 1ns);
  EXPECT_EQ(refusal(token), Reason::QR_TAMPERED);
  clock_.set(kIssued - 31s);
  EXPECT_EQ(refusal(token), Reason::QR_TAMPERED);
  clock_.set(kIssued - 24h);
  EXPECT_EQ(refusal(token), Reason::QR_TAMPERED);
}

TEST_F(CodeToken, AnyOneCharacterChangedIsTampered) {
  const std::string token = codec_.issue(sample_claims());
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  for (std::size_t i = kTokenPrefix.size(); i < token.size(); ++i) {
    for (char replacement : kAlphabet) {
      if (replacement == token[i]) continue;
      std::string changed = token;
      changed[i] = replacement;
      auto claims = codec_.verify(changed, clock_.now(), kTtl);
      ASSERT_FALSE(claims.ok()) << "position " << i << " -> " << replacement;
      ASSERT_EQ(claims.reason(), Reason::QR_TAMPERED) << "position " << i << " -> " << replacement;
    }
  }
}

TEST_F(CodeToken, ATokenFromAnotherKeyIsTampered) {
  const CodeTokenCodec other(key_of(1));
  EXPECT_EQ(refusal(other.issue(sample_claims())), Reason::QR_TAMPERED);
}

TEST_F(CodeToken, TamperedWinsOverExpired) {
  std::string token = CodeTokenCodec(key_of(7)).issue(sample_claims());
  clock_.advance(1h);
  EXPECT_EQ(refusal(token), Reason::QR_TAMPERED);
}

TEST_F(CodeToken, AnythingNotOurFormatIsForeign) {
  const std::string token = codec_.issue(sample_claims());
  const std::string body = token.substr(3);
  for (const std::string& bad : {
           std::string{}, std::string{"hello"}, std::string{"YB1"},
           "YB2" + body,                          // well formed, another version
           "XX1" + body, "yb1" + body,            // another prefix
           token.substr(0, token.size() - 1),     // one character short
           token + "A", token + "=",              // one too many, padding
           token.substr(0, 40),                   // truncated
           "https://example.com/?code=" + token,  // a URL around it
           " " + token.substr(1),                 // right length, wrong prefix
       }) {
    EXPECT_EQ(refusal(bad), Reason::QR_FOREIGN) << '"' << bad << '"';
  }
}

TEST_F(CodeToken, CharactersOutsideTheAlphabetAreForeign) {
  const std::string token = codec_.issue(sample_claims());
  for (char c : {'0', '1', '8', '9', '=', 'a', ' ', '-', '\0', '\xE5'}) {
    std::string changed = token;
    changed[40] = c;
    EXPECT_EQ(refusal(changed), Reason::QR_FOREIGN) << static_cast<int>(c);
  }
}

TEST_F(CodeToken, LowerCaseIsForeign) {
  std::string token = codec_.issue(sample_claims());
  for (char& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(refusal(token), Reason::QR_FOREIGN);
  // Only the body in lower case.
  std::string body_lower = codec_.issue(sample_claims());
  for (std::size_t i = 3; i < body_lower.size(); ++i) {
    body_lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(body_lower[i])));
  }
  EXPECT_EQ(refusal(body_lower), Reason::QR_FOREIGN);
}

TEST_F(CodeToken, ForeignWinsOverExpired) {
  clock_.advance(1h);
  EXPECT_EQ(refusal("garbage"), Reason::QR_FOREIGN);
}

TEST(CodeTokenReasons, AreInTheCatalogWithTheirStatus) {
  EXPECT_EQ(core::info(Reason::QR_FOREIGN).http_status, 400);
  EXPECT_EQ(core::info(Reason::QR_TAMPERED).http_status, 400);
  EXPECT_EQ(core::info(Reason::QR_EXPIRED).http_status, 400);
  EXPECT_EQ(core::info(Reason::QR_CONSUMED).http_status, 409);
  EXPECT_EQ(core::info(Reason::QR_EXPIRED).message, "医保码已过期");
}

}  // namespace
}  // namespace yibao::qr
