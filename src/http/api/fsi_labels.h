#pragma once
// Chinese names of the institution interface's fields (the national field tables), so a refusal
// tells the counter operator which box to fill in ("缺少必填项：人员编号（data.psn_no）"). The
// path stays in error.field for clients and tests; the label only goes into the text.

#include <string>
#include <string_view>

namespace yibao::http::api::fsi {

// The label of a field name ("psn_no" → "人员编号"); "" for a name not in the table.
std::string_view field_label(std::string_view field);

// "人员编号（data.psn_no）" for a path whose last segment has a label ("diseinfo[2].diag_code" →
// "诊断代码（diseinfo[2].diag_code）"); the path itself otherwise.
std::string labelled(std::string_view path);

}  // namespace yibao::http::api::fsi
