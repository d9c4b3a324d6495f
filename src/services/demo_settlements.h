#pragma once
// Demo settlements (docs/DEMO.md §14): after the demo world is seeded, 李秀英 settles an
// outpatient visit at the Beijing hospital and 张德福 (bound-member material for the family
// account) buys drugs at the pharmacy — through the same use cases a HIS calls, so the ledger,
// accumulators and spending queries all see them. Both are residents (390): fund and cash, no
// personal account, so the walkthrough's balances stay as documented. Idempotent per msgid.

#include "services/demo_world.h"
#include "services/service_context.h"

namespace yibao::services {

// Returns how many settlements were made; failures are logged and skipped (a demo nicety,
// never a reason to fail seeding).
int seed_demo_settlements(ServiceContext& ctx, const DemoSummary& summary);

// 药品追溯码 of the demo's boxes, for 扫码查药 (docs/DEMO.md §16): 李秀英's cough syrup (sold
// once, with her settlement); a box of ibuprofen the hospital sold over the counter, took back
// and the pharmacy then sold again (sold twice: flagged 可能为回流药); one never sold.
inline constexpr const char* kDemoBoxSoldOnce = "81100000000000000001";
inline constexpr const char* kDemoBoxSoldTwice = "81100000000000000002";
inline constexpr const char* kDemoBoxNeverSold = "81100000000000000009";

}  // namespace yibao::services
