#pragma once
// 个人医保钱包 (issue 16): the person's wallet, 共济额度 for the members of their 亲情账户,
// wallet transfers and their acceptance, 代开通 for a bound member; for agency staff, a person's
// wallet with the holds behind it and the reversal of a transfer (docs/api/openapi.yaml).

#include "http/api/api_deps.h"
#include "http/router.h"
#include "services/wallet_service.h"

namespace yibao::http::api {

void add_wallet_routes(Router& router, ApiDeps& deps, services::WalletService& wallet);

}  // namespace yibao::http::api
