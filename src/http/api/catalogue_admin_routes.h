#pragma once
// 目录维护 over HTTP (issue 19 §2), agency staff for their own region:
//   GET  /api/agency/v1/catalogue[?page_num=N]   the region's own rows, in updt_time order
//   POST /api/agency/v1/catalogue/items          add or override one row (JSON)
//   POST /api/agency/v1/catalogue/import         a CSV file (text/csv body): every row or none;
//                                                a broken file answers CATALOGUE_IMPORT_INVALID
//                                                with a report line per broken row

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_catalogue_admin_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
