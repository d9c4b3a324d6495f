#include "services/catalogue_admin.h"

#include "core/clock.h"
#include "store/institution_repo.h"
#include "store/time_codec.h"

namespace yibao::services {

store::CatalogueItem CatalogueAdmin::item_of(const store::StaffRow& staff, const domain::CatalogueRow& r) const {
  store::CatalogueItem item;
  item.admdvs = staff.admdvs;
  item.med_list_codg = r.med_list_codg;
  item.name = r.name;
  item.chrgitm_lv = r.chrgitm_lv;
  item.med_chrgitm_type = r.med_chrgitm_type;
  item.price_cap_fen = r.price_cap_fen;
  item.account_scope = r.account_scope;
  item.begndate = r.begndate;
  item.enddate = r.enddate;
  item.vali_flag = r.vali_flag;
  item.updt_time = core::format_shanghai_datetime(ctx_.clock.now());
  return item;
}

core::Result<store::CatalogueItem> CatalogueAdmin::save(const store::StaffRow& staff, const domain::CatalogueRowText& text) {
  auto row = domain::catalogue_row(text);
  if (!row) return row.error();
  const auto item = item_of(staff, *row);
  const auto now = store::to_epoch_us(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::CatalogueItem> {
    store::CatalogueRepo::upsert(tx, item);
    store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, std::nullopt, "catalogue_row_saved", "agency",
                                                      staff.admdvs + " " + item.med_list_codg, now});
    store::CataloguePageQuery q;
    q.hilist_code = item.med_list_codg;
    q.admdvs = item.admdvs;
    auto page = store::CatalogueRepo::page(tx, q);
    if (page.rows.empty()) return core::Error{core::Reason::INTERNAL_ERROR, "目录保存后未找到"};
    return page.rows.front();
  });
}

CatalogueImportOutcome CatalogueAdmin::import_csv(const store::StaffRow& staff, const std::string& csv) {
  auto parsed = domain::read_catalogue_csv(csv);
  CatalogueImportOutcome out;
  if (!parsed.errors.empty()) {
    out.errors = std::move(parsed.errors);
    return out;
  }
  const auto now = store::to_epoch_us(ctx_.clock.now());
  ctx_.db.write([&](store::Tx& tx) {
    for (const auto& r : parsed.rows) store::CatalogueRepo::upsert(tx, item_of(staff, r));
    store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, std::nullopt, "catalogue_imported", "agency",
                                                      staff.admdvs + " " + std::to_string(parsed.rows.size()) + " rows",
                                                      now});
  });
  out.imported = parsed.rows.size();
  return out;
}

store::CataloguePage CatalogueAdmin::rows_of_region(const store::StaffRow& staff, int page_num, int page_size) {
  store::CataloguePageQuery q;
  q.admdvs = staff.admdvs;
  q.page_num = page_num;
  q.page_size = page_size;
  return ctx_.db.read([&](store::Tx& tx) { return store::CatalogueRepo::page(tx, q); });
}

}  // namespace yibao::services
