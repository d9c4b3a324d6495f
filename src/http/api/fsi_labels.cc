#include "http/api/fsi_labels.h"

#include <algorithm>
#include <array>
#include <utility>

namespace yibao::http::api::fsi {
namespace {

using Label = std::pair<std::string_view, std::string_view>;

// Sorted by field name, for the binary search below (the static_assert keeps it so).
constexpr std::array kLabels{
    Label{"acct_used_flag", "个人账户使用标志"},
    Label{"agnter_cert_type", "代办人证件类型"},
    Label{"agnter_certno", "代办人证件号码"},
    Label{"agnter_name", "代办人姓名"},
    Label{"agnter_rlts", "代办人关系"},
    Label{"agnter_tel", "代办人联系电话"},
    Label{"agnterinfo", "代办人信息"},
    Label{"begntime", "开始时间"},
    Label{"card_sn", "卡识别码"},
    Label{"certno", "证件号码"},
    Label{"chrg_bchno", "收费批次号"},
    Label{"cnt", "数量"},
    Label{"det_item_fee_sumamt", "明细项目费用总额"},
    Label{"diag_code", "诊断代码"},
    Label{"diag_dept", "诊断科室"},
    Label{"diag_name", "诊断名称"},
    Label{"diag_srt_no", "诊断排序号"},
    Label{"diag_time", "诊断时间"},
    Label{"diag_type", "诊断类别"},
    Label{"dise_codg", "病种编码"},
    Label{"dise_dor_name", "诊断医生姓名"},
    Label{"dise_dor_no", "诊断医生编码"},
    Label{"dise_name", "病种名称"},
    Label{"diseinfo", "诊断信息"},
    Label{"drug_trac_codg", "药品追溯码"},
    Label{"drug_trac_info", "药品追溯码信息"},
    Label{"drugdetail", "药品明细"},
    Label{"druginfo", "购药信息"},
    Label{"drugtracinfo", "药品追溯码信息"},
    Label{"dscginfo", "出院信息"},
    Label{"endtime", "结束时间"},
    Label{"fee_ocur_time", "费用发生时间"},
    Label{"feedetail", "费用明细"},
    Label{"feedetl_sn", "费用明细流水号"},
    Label{"fixmedins_bchno", "定点医药机构批次流水号"},
    Label{"fixmedins_code", "定点医药机构编号"},
    Label{"fixmedins_hilist_id", "定点医药机构目录编号"},
    Label{"fixmedins_hilist_name", "定点医药机构目录名称"},
    Label{"fixmedins_name", "定点医药机构名称"},
    Label{"inf_time", "交易时间"},
    Label{"infno", "交易编号"},
    Label{"infver", "接口版本号"},
    Label{"init_feedetl_sn", "原费用明细流水号"},
    Label{"input", "交易输入"},
    Label{"insuplc_admdvs", "参保地医保区划"},
    Label{"insutype", "险种类型"},
    Label{"ipt_no", "住院号"},
    Label{"ipt_otp_no", "住院/门诊号"},
    Label{"maindiag_flag", "主诊断标志"},
    Label{"mdtrt_cert_no", "就诊凭证编号"},
    Label{"mdtrt_cert_type", "就诊凭证类型"},
    Label{"mdtrt_id", "就诊ID"},
    Label{"mdtrt_setl_type", "就诊结算类型"},
    Label{"mdtrtarea_admvs", "就医地医保区划"},
    Label{"mdtrtinfo", "就诊信息"},
    Label{"med_list_codg", "医疗目录编码"},
    Label{"med_type", "医疗类别"},
    Label{"medfee_sumamt", "医疗费总额"},
    Label{"medins_list_codg", "医药机构目录编码"},
    Label{"mid_setl_flag", "中途结算标志"},
    Label{"min_prcunt_type", "最小计价单位类型"},
    Label{"msgid", "发送方报文ID"},
    Label{"opter", "经办人"},
    Label{"opter_name", "经办人姓名"},
    Label{"opter_no", "经办人编号"},
    Label{"opter_type", "经办人类别"},
    Label{"pric", "单价"},
    Label{"psn_cert_type", "人员证件类型"},
    Label{"psn_name", "人员姓名"},
    Label{"psn_no", "人员编号"},
    Label{"psn_setlway", "个人结算方式"},
    Label{"recer_sys_code", "接收方系统代码"},
    Label{"rx_flag", "处方药标志"},
    Label{"sel_retn_cnt", "销售/退货数量"},
    Label{"sel_retn_opter_name", "销售/退货经办人姓名"},
    Label{"sel_retn_time", "销售/退货时间"},
    Label{"selinfo", "销售/退货信息"},
    Label{"setl_id", "结算ID"},
    Label{"signIn", "签到信息"},
    Label{"trdn_flag", "拆零标志"},
    Label{"vali_flag", "有效标志"},
};
static_assert(std::is_sorted(kLabels.begin(), kLabels.end(), [](const Label& a, const Label& b) { return a.first < b.first; }));

}  // namespace

std::string_view field_label(std::string_view field) {
  const auto it = std::lower_bound(kLabels.begin(), kLabels.end(), field,
                                   [](const Label& l, std::string_view f) { return l.first < f; });
  return it != kLabels.end() && it->first == field ? it->second : std::string_view{};
}

std::string labelled(std::string_view path) {
  std::string_view last = path;
  if (const auto dot = path.rfind('.'); dot != std::string_view::npos) last = path.substr(dot + 1);
  const auto label = field_label(last);
  if (label.empty()) return std::string(path);
  return std::string(label) + "（" + std::string(path) + "）";
}

}  // namespace yibao::http::api::fsi
