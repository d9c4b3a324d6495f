#pragma once
// The columns and row mappings every read of visits and fee details shares (settlement_repo,
// query_repo): one list of columns, one mapping, so a column added is read everywhere.

#include <cstddef>

#include <soci/soci.h>

#include "store/settlement_repo.h"

namespace yibao::store {

// soci::row reports INTEGER/BIGINT differently on SQLite and PostgreSQL; read either.
long long num(const soci::row& r, std::size_t i);

extern const char* const kVisitColumns;  // fsi_visits, in visit_from's order
extern const char* const kFeeColumns;    // fsi_fee_details, in fee_from's order

VisitRow visit_from(const soci::row& r);
FeeRow fee_from(const soci::row& r);

}  // namespace yibao::store
