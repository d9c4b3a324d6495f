#pragma once
// A realistic seeded national catalogue (医保目录) for demos and tests: drugs (甲/乙, some with
// price caps), exams, lab tests, beds, nursing, materials, and items outside the account scope.
// Codes follow the national pattern (drugs X…/Z…, services 00…/12…, materials C…). Fictional
// selection, national-looking prices.

#include <vector>

#include "store/catalogue_repo.h"
#include "store/database.h"

namespace yibao::services {

const std::vector<store::CatalogueItem>& demo_catalogue();
// Upserts demo_catalogue() (idempotent); returns how many items.
std::size_t seed_catalogue(store::Tx& tx);

}  // namespace yibao::services
