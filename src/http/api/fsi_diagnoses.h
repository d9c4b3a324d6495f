#pragma once
// The `diseinfo` array of 2203 门诊就诊信息上传, 2401 入院办理 and 2402 出院办理
// (institution-interface.md): read and checked field by field, so that a HIS learns which
// entry and which field is wrong before anything is stored.

#include <optional>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"
#include "store/diagnosis_repo.h"

namespace yibao::http::api {

// 2203 asks for every field but has no maindiag_flag; 2401/2402 ask for diag_type and
// maindiag_flag and exactly one main diagnosis.
enum class DiagnosisForm { outpatient, inpatient };

inline constexpr std::size_t kMaxDiagnoses = 50;

// nullopt when the input has no `diseinfo` (the stage's stored list stays as it is); a list
// (possibly empty) replaces it. Rows carry `stage`.
core::Result<std::optional<std::vector<store::DiagnosisRow>>> read_diagnoses(const boost::json::object& input,
                                                                              DiagnosisForm form,
                                                                              const std::string& stage);

}  // namespace yibao::http::api
