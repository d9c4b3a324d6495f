#pragma once
// Designated institutions, the ecTokens handed out by decodes, the decode audit, and the
// general audit of access to a person's data.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct InstitutionRow {
  std::string code;   // fixmedins_code
  std::string name;
  std::string kind;   // hospital | pharmacy
  std::string level;  // "1" / "2" / "3" for hospitals (一级/二级/三级), "" for pharmacies
  std::string admdvs;
  std::string secret;  // the x-tif-signature key (the scheme hashes it, so it must be kept retrievable)
  std::string status = "active";
};

struct EcTokenRow {
  std::string token;
  std::int64_t person_id = 0;
  std::int64_t credential_id = 0;
  std::optional<std::int64_t> shown_by_person_id;
  std::string institution_code;
  std::string business_type;
  std::int64_t issued_at_us = 0;
  std::int64_t expires_at_us = 0;
  // Read with it: a settlement already used this token (a QR code pays once; the settlement
  // checks it without a second read).
  bool settled = false;
};

struct DecodeRow {
  std::int64_t id = 0;
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> shown_by_person_id;
  std::string institution_code;
  std::string institution_name;  // filled by list queries
  std::string business_type;
  std::string operator_id;
  std::string operator_name;
  std::string office_name;
  std::string device_type;
  std::string outcome;  // "ok" or a reason code
  std::int64_t decoded_at_us = 0;
};

struct AuditRow {
  std::string actor_kind;  // person | staff | institution
  std::string actor_id;
  std::optional<std::int64_t> subject_person_id;
  std::string action;
  std::string channel;
  std::string detail;
  std::int64_t at_us = 0;
};

class InstitutionRepo {
 public:
  static void upsert(Tx& tx, const InstitutionRow& row, std::int64_t now_us);
  // A new institution; false (and nothing written) when the code is already registered.
  static bool insert_new(Tx& tx, const InstitutionRow& row, std::int64_t now_us);
  static void set_secret(Tx& tx, const std::string& code, const std::string& secret);
  static void set_status(Tx& tx, const std::string& code, const std::string& status);
  static std::optional<InstitutionRow> find(Tx& tx, const std::string& code);
  // The same through the reference cache (reference_cache.h), on a connection of its own only
  // when the row is not cached: for the signature check of every institution call. A change
  // made through this process is seen at once; one made by another process within kReferenceTtl.
  static std::optional<InstitutionRow> find_cached(Database& db, const std::string& code);
  static std::vector<InstitutionRow> list(Tx& tx);

  static void insert_ec_token(Tx& tx, const EcTokenRow& row);
  static std::optional<EcTokenRow> ec_token(Tx& tx, const std::string& token);

  static void insert_decode(Tx& tx, const DecodeRow& row);
  static std::vector<DecodeRow> decodes_of(Tx& tx, std::int64_t person_id, int limit);

  static void audit(Tx& tx, const AuditRow& row);
};

}  // namespace yibao::store
