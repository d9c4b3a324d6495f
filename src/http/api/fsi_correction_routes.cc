#include "http/api/fsi_call.h"

namespace yibao::http::api {

void add_correction_handlers(FsiHandlers& /*table*/) {}

}  // namespace yibao::http::api
