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

}  // namespace yibao::services
