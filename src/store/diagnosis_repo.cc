#include "store/diagnosis_repo.h"

namespace yibao::store {

void DiagnosisRepo::replace(Tx& tx, std::int64_t visit_id, const std::string& stage,
                            const std::vector<DiagnosisRow>& rows, std::int64_t now_us) {
  const long long visit = visit_id, now = now_us;
  tx.execute("DELETE FROM fsi_diagnoses WHERE visit_id = :v AND stage = :s", soci::use(visit), soci::use(stage));
  for (const auto& d : rows) {
    tx.execute("INSERT INTO fsi_diagnoses (visit_id, stage, diag_type, diag_srt_no, diag_code, diag_name, maindiag_flag,"
               " adm_cond, diag_dept, dise_dor_no, dise_dor_name, diag_time, vali_flag, created_at_us)"
               " VALUES (:v, :s, :t, :n, :c, :nm, :m, :a, :dp, :dn, :dd, :tm, :vf, :now)",
               soci::use(visit), soci::use(stage), soci::use(d.diag_type), soci::use(d.diag_srt_no),
               soci::use(d.diag_code), soci::use(d.diag_name), soci::use(d.maindiag_flag), soci::use(d.adm_cond),
               soci::use(d.diag_dept), soci::use(d.dise_dor_no), soci::use(d.dise_dor_name), soci::use(d.diag_time),
               soci::use(d.vali_flag), soci::use(now));
  }
}

std::vector<DiagnosisRow> DiagnosisRepo::of_visit(Tx& tx, std::int64_t visit_id) {
  const long long visit = visit_id;
  DiagnosisRow d;
  // Stages in the order a stay goes through them; ties (no diag_srt_no sent) in upload order.
  auto st = tx.once(
      "SELECT stage, diag_type, diag_srt_no, diag_code, diag_name, maindiag_flag, adm_cond, diag_dept, dise_dor_no,"
      " dise_dor_name, diag_time, vali_flag FROM fsi_diagnoses WHERE visit_id = :v"
      " ORDER BY CASE stage WHEN 'outpatient' THEN 0 WHEN 'admission' THEN 1 ELSE 2 END, diag_srt_no, id",
      soci::use(visit), soci::into(d.stage), soci::into(d.diag_type), soci::into(d.diag_srt_no), soci::into(d.diag_code),
      soci::into(d.diag_name), soci::into(d.maindiag_flag), soci::into(d.adm_cond), soci::into(d.diag_dept),
      soci::into(d.dise_dor_no), soci::into(d.dise_dor_name), soci::into(d.diag_time), soci::into(d.vali_flag));
  st.execute(false);
  std::vector<DiagnosisRow> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

}  // namespace yibao::store
