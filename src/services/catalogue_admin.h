#pragma once
// 目录维护 (issue 19 §2): agency staff add or override catalogue rows for their own region —
// one at a time or by CSV — with the platform's clock as updt_time, so institutions download
// the change as an increment (1312, 1301) and settlement at a place in that region uses it.

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/catalogue_rules.h"
#include "services/service_context.h"
#include "store/admin_repo.h"
#include "store/catalogue_repo.h"

namespace yibao::services {

struct CatalogueImportOutcome {
  std::size_t imported = 0;
  std::vector<domain::ImportRowError> errors;  // non-empty: nothing was imported
};

class CatalogueAdmin {
 public:
  explicit CatalogueAdmin(ServiceContext& ctx) : ctx_(ctx) {}

  // The stored row (with its ver). FIELD_MISSING / FIELD_INVALID name the field.
  core::Result<store::CatalogueItem> save(const store::StaffRow& staff, const domain::CatalogueRowText& row);
  // Every row or none: a file with a broken row reports each broken row and changes nothing.
  CatalogueImportOutcome import_csv(const store::StaffRow& staff, const std::string& csv);
  // The rows of the staff member's region, newest change first.
  store::CataloguePage rows_of_region(const store::StaffRow& staff, int page_num, int page_size);

 private:
  store::CatalogueItem item_of(const store::StaffRow& staff, const domain::CatalogueRow& row) const;
  ServiceContext& ctx_;
};

}  // namespace yibao::services
