#include "http/api/fsi_diagnoses.h"

#include <set>
#include <string>

#include "core/clock.h"
#include "http/api/fsi_envelope.h"
#include "http/api/fsi_labels.h"

namespace yibao::http::api {

namespace json = boost::json;
using core::Error;
using core::Reason;

namespace {

// One entry's fields; the first problem wins and names its path (diseinfo[2].diag_code).
struct EntryReader {
  const json::object& o;
  std::string path;
  std::optional<Error> error;

  std::string text(const char* field, bool required) {
    if (error) return {};
    auto v = fsi::text(o, path, field, required);
    if (!v) {
      error = v.error();
      return {};
    }
    return v->value_or("");
  }
  std::string one_of(const char* field, bool required, std::initializer_list<const char*> allowed) {
    std::string v = text(field, required);
    if (error || v.empty()) return v;
    for (const char* a : allowed) {
      if (v == a) return v;
    }
    error = Error{Reason::FIELD_INVALID, fsi::labelled(path + "." + field) + " 取值不正确", path + "." + field};
    return v;
  }
  int serial(bool required) {  // diag_srt_no, N2
    if (error) return 0;
    auto v = fsi::quantity(o, path, "diag_srt_no", required);
    if (!v) {
      error = v.error();
      return 0;
    }
    if (!*v) return 0;
    if (**v % 1000 != 0 || **v < 1000 || **v > 99000) {
      error = Error{Reason::FIELD_INVALID, fsi::labelled(path + ".diag_srt_no") + " 须为 1–99 的整数", path + ".diag_srt_no"};
      return 0;
    }
    return static_cast<int>(**v / 1000);
  }
  std::string datetime(const char* field, bool required) {
    std::string v = text(field, required);
    if (error || v.empty()) return v;
    if (!core::parse_shanghai_datetime(v)) {
      error = Error{Reason::FIELD_INVALID, fsi::labelled(path + "." + field) + " 格式应为 yyyy-MM-dd HH:mm:ss",
                    path + "." + field};
    }
    return v;
  }
};

}  // namespace

core::Result<std::optional<std::vector<store::DiagnosisRow>>> read_diagnoses(const json::object& input,
                                                                              DiagnosisForm form,
                                                                              const std::string& stage) {
  const auto* node = input.if_contains("diseinfo");
  if (node == nullptr || node->is_null()) return std::optional<std::vector<store::DiagnosisRow>>{};
  if (!node->is_array()) return Error{Reason::FIELD_INVALID, "input.diseinfo 须为数组", "input.diseinfo"};
  const auto& entries = node->as_array();
  if (entries.size() > kMaxDiagnoses) {
    return Error{Reason::FIELD_INVALID, "input.diseinfo 最多 " + std::to_string(kMaxDiagnoses) + " 条诊断",
                 "input.diseinfo"};
  }
  const bool outpatient = form == DiagnosisForm::outpatient;
  std::vector<store::DiagnosisRow> out;
  std::set<int> serials;
  int main_count = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string path = "diseinfo[" + std::to_string(i) + "]";
    if (!entries[i].is_object()) return Error{Reason::FIELD_INVALID, path + " 须为对象", path};
    EntryReader r{entries[i].as_object(), path, std::nullopt};
    store::DiagnosisRow d;
    d.stage = stage;
    d.diag_type = r.one_of("diag_type", true, {"1", "2", "3", "4"});
    d.maindiag_flag = r.one_of("maindiag_flag", !outpatient, {"0", "1"});
    d.diag_srt_no = r.serial(outpatient);
    d.diag_code = r.text("diag_code", outpatient);
    d.diag_name = r.text("diag_name", outpatient);
    d.adm_cond = r.text("adm_cond", false);
    d.diag_dept = r.text("diag_dept", outpatient);
    d.dise_dor_no = r.text("dise_dor_no", outpatient);
    d.dise_dor_name = r.text("dise_dor_name", outpatient);
    d.diag_time = r.datetime("diag_time", outpatient);
    d.vali_flag = r.one_of("vali_flag", outpatient, {"0", "1"});
    if (r.error) return *r.error;
    if (d.diag_srt_no != 0 && !serials.insert(d.diag_srt_no).second) {
      return Error{Reason::FIELD_INVALID, fsi::labelled(path + ".diag_srt_no") + " 与前面的诊断重复", path + ".diag_srt_no"};
    }
    if (d.maindiag_flag == "1") ++main_count;
    out.push_back(std::move(d));
  }
  // A stay has one main diagnosis (主诊断): the one its case is grouped and paid by.
  if (!outpatient && !out.empty() && main_count != 1) {
    return Error{Reason::FIELD_INVALID,
                 main_count == 0 ? "diseinfo 须有一条主诊断（maindiag_flag = 1）" : "diseinfo 只能有一条主诊断",
                 "input.diseinfo"};
  }
  return std::optional<std::vector<store::DiagnosisRow>>{std::move(out)};
}

}  // namespace yibao::http::api
