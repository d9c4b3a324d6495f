#include "store/fsi_rows.h"

namespace yibao::store {

const char* const kVisitColumns =
    "id, mdtrt_id, institution_code, person_id, kind, insutype, med_type, ipt_otp_no, insuplc_admdvs, mdtrtarea_admvs,"
    " mdtrt_cert_type, begntime, endtime, dise_codg, dise_name, status, created_at_us, msgid";

const char* const kFeeColumns =
    "id, visit_id, feedetl_sn, chrg_bchno, med_list_codg, medins_list_codg, chrgitm_lv, account_scope, price_cap_fen,"
    " det_item_fee_sumamt, cnt_milli, pric_fen, status, setl_id";

// soci::row reports INTEGER/BIGINT differently on SQLite and PostgreSQL; read either.
long long num(const soci::row& r, std::size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<long long>(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      throw soci::soci_error("unexpected column type");
  }
}

VisitRow visit_from(const soci::row& r) {
  VisitRow v;
  v.id = num(r, 0);
  v.mdtrt_id = r.get<std::string>(1);
  v.institution_code = r.get<std::string>(2);
  v.person_id = num(r, 3);
  v.kind = r.get<std::string>(4);
  v.insutype = r.get<std::string>(5);
  v.med_type = r.get<std::string>(6);
  v.ipt_otp_no = r.get<std::string>(7);
  v.insuplc_admdvs = r.get<std::string>(8);
  v.mdtrtarea_admvs = r.get<std::string>(9);
  v.mdtrt_cert_type = r.get<std::string>(10);
  v.begntime = r.get<std::string>(11);
  if (r.get_indicator(12) == soci::i_ok) v.endtime = r.get<std::string>(12);
  v.dise_codg = r.get<std::string>(13);
  v.dise_name = r.get<std::string>(14);
  v.status = r.get<std::string>(15);
  v.created_at_us = num(r, 16);
  v.msgid = r.get<std::string>(17);
  return v;
}

FeeRow fee_from(const soci::row& r) {
  FeeRow f;
  f.id = num(r, 0);
  f.visit_id = num(r, 1);
  f.feedetl_sn = r.get<std::string>(2);
  f.chrg_bchno = r.get<std::string>(3);
  f.med_list_codg = r.get<std::string>(4);
  f.medins_list_codg = r.get<std::string>(5);
  f.chrgitm_lv = r.get<std::string>(6);
  f.account_scope = static_cast<int>(num(r, 7)) != 0;
  f.price_cap_fen = num(r, 8);
  f.det_item_fee_sumamt = num(r, 9);
  f.cnt_milli = num(r, 10);
  f.pric_fen = num(r, 11);
  f.status = r.get<std::string>(12);
  if (r.get_indicator(13) == soci::i_ok) f.setl_id = r.get<std::string>(13);
  return f;
}

}  // namespace yibao::store
