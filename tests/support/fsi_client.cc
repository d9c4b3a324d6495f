#include "support/fsi_client.h"

#include <ctime>

#include "services/institution_auth.h"
#include "support/test_store.h"

namespace yibao::testing {

std::string FsiAnswer::err_code() const {
  auto* c = body.if_contains("err_code");
  return c ? std::string(c->as_string()) : "";
}

HttpResponse signed_tif_post(unsigned short port, const std::string& target, const std::string& body,
                             const std::string& institution, const std::string& secret, std::string ts,
                             std::string nonce) {
  if (ts.empty()) ts = std::to_string(std::time(nullptr));
  if (nonce.empty()) nonce = unique_name("fsi-n");
  HttpRequest req;
  req.method = "POST";
  req.target = target;
  req.body = body;
  req.headers = {{"Content-Type", "application/json"},
                 {"x-tif-paasid", institution},
                 {"x-tif-timestamp", ts},
                 {"x-tif-nonce", nonce},
                 {"x-tif-signature", services::tif_signature(ts, secret, nonce)}};
  return http_call(port, req);
}

std::string his_envelope(const std::string& institution, const std::string& infno, const std::string& msgid,
                         const std::string& input, const std::string& area, const std::string& insuplc) {
  return R"({"infno":")" + infno + R"(","msgid":")" + msgid + R"(","mdtrtarea_admvs":")" + area +
         R"(","insuplc_admdvs":")" + insuplc + R"(","recer_sys_code":"mbs","dev_no":"","dev_safe_info":"","cainfo":"","signtype":"",)"
         R"("infver":"1.0","opter_type":"1","opter":"D001","opter_name":"收费员","inf_time":"2026-11-23 15:00:00",)"
         R"("fixmedins_code":")" + institution + R"(","fixmedins_name":"演示","sign_no":"","input":)" + input + "}";
}

FsiAnswer fsi_answer(HttpResponse http) {
  FsiAnswer a;
  a.http = std::move(http);
  a.body = boost::json::parse(a.http.body).as_object();
  // render_success writes the output node first: its text runs to the matching brace.
  if (a.http.body.rfind("{\"output\":", 0) == 0) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 10; i < a.http.body.size(); ++i) {
      const char c = a.http.body[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) {
        a.raw_output = a.http.body.substr(10, i - 9);
        break;
      }
    }
  }
  return a;
}

}  // namespace yibao::testing
