#include "services/demo_settlements.h"

#include "core/clock.h"
#include "log/json_log.h"
#include "services/drug_trace.h"
#include "services/settlement_service.h"
#include "store/institution_repo.h"

namespace yibao::services {
namespace {

const DemoPerson* find(const DemoSummary& summary, const std::string& name) {
  for (const auto& p : summary.people) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

int seed_demo_settlements(ServiceContext& ctx, const DemoSummary& summary) {
  SettlementService svc(ctx);
  const auto hospital = ctx.db.read([&](store::Tx& tx) { return store::InstitutionRepo::find(tx, "H11010500001"); });
  const auto pharmacy = ctx.db.read([&](store::Tx& tx) { return store::InstitutionRepo::find(tx, "P11010500003"); });
  const DemoPerson* li = find(summary, "李秀英");
  const DemoPerson* de = find(summary, "张德福");
  if (!hospital || !pharmacy || li == nullptr || de == nullptr) return 0;
  const std::string now = core::format_shanghai_datetime(ctx.clock.now());
  const std::string stamp = core::format_shanghai_compact(ctx.clock.now());
  auto render = [](const SettlementView& v) { return v.row.setl_id; };
  int made = 0;
  auto report = [&](const char* step, const core::Error& e) {
    log::warn("demo settlement skipped", {{"step", step}, {"reason", std::string(core::info(e.reason).code)}});
  };

  // 李秀英: outpatient at the 三级 hospital — consultation, blood count, a 乙类 cough syrup.
  {
    FsiCaller caller{*hospital, "2201", hospital->code + stamp + "9001", "110105"};
    VisitOpen open{"outpatient", li->psn_no, "390", "11", now, {"02", li->id_number, ""}, "DEMO-MZ-0001", "J20.900",
                   "急性支气管炎"};
    auto visit = svc.open_visit(caller, open);
    if (!visit) {
      report("2201", visit.error());
    } else {
      caller.infno = "2204";
      caller.msgid = hospital->code + stamp + "9002";
      std::vector<FeeInput> lines = {{"1", "B1", "110200002", "ZC002", 2500, 1000, 2500},
                                     {"2", "B1", "250101015", "HY015", 2500, 1000, 2500},
                                     {"3", "B1", "XR05CBA048A001010100001", "YP048", 5000, 2000, 2500}};
      lines[2].trace_codes = {domain::TraceCodeInput{"3", kDemoBoxSoldOnce, "0", "1"}};
      auto uploaded = svc.upload_fees(caller, visit->mdtrt_id, li->psn_no, lines);
      if (!uploaded) {
        report("2204", uploaded.error());
      } else {
        caller.infno = "2207";
        caller.msgid = hospital->code + stamp + "9003";
        SettleRequest r;
        r.kind = "outpatient";
        r.psn_no = li->psn_no;
        r.cert = {"02", li->id_number, ""};
        r.med_type = "11";
        r.medfee_sumamt = 10000;
        r.mdtrt_id = visit->mdtrt_id;
        r.chrg_bchno = "B1";
        r.insutype = "390";
        r.acct_used_flag = false;
        if (auto s = svc.settle(caller, r, render); s) ++made; else report("2207", s.error());
      }
    }
  }
  // 张德福: a pharmacy purchase — metformin (甲) and a 保健 vitamin (outside the scope).
  {
    FsiCaller caller{*pharmacy, "2102", pharmacy->code + stamp + "9004", "110105"};
    SettleRequest r;
    r.kind = "pharmacy";
    r.psn_no = de->psn_no;
    r.cert = {"02", de->id_number, ""};
    r.med_type = "41";
    r.medfee_sumamt = 2360;
    r.insutype = "390";
    r.acct_used_flag = false;
    r.begntime = now;
    r.lines = {{"1", "", "XA10BAA002A001010100001", "P-MET", 360, 6000, 60},
               {"2", "", "XV06DXA000A001010100001", "P-VIT", 2000, 1000, 2000}};
    if (auto s = svc.settle(caller, r, render); s) ++made; else report("2102", s.error());
  }
  // A box of ibuprofen sold over the counter (3505), returned (3506) and sold next door.
  {
    const CounterSale box{"XN02BEA013A001010100001", "0", {kDemoBoxSoldTwice}};
    FsiCaller at_hospital{*hospital, "3505", hospital->code + stamp + "9005", ""};
    FsiCaller returned{*hospital, "3506", hospital->code + stamp + "9006", ""};
    FsiCaller at_pharmacy{*pharmacy, "3505", pharmacy->code + stamp + "9007", ""};
    for (auto [caller, step] : {std::pair{&at_hospital, "3505"}, std::pair{&returned, "3506"}, std::pair{&at_pharmacy, "3505"}}) {
      const auto done = caller->infno == "3506" ? upload_return(ctx, *caller, box) : upload_sale(ctx, *caller, box);
      if (!done) report(step, done.error());
    }
  }
  return made;
}

}  // namespace yibao::services
