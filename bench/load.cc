// yibao-bench-load: the load client of `make bench` (docs/PERFORMANCE.md). One keep-alive
// HTTP/1.1 connection per thread (Boost.Beast, synchronous), N threads, so /healthz and the
// settlement flow are measured by the same client.
//
//   yibao-bench-load --port P --mode healthz --connections 64 --seconds 30
//   yibao-bench-load --port P --mode flow --world bench-world.txt --connections 64 --seconds 30
//
// flow, per iteration (one settlement), as a HIS and a patient's phone would:
//   POST /api/v1/me/code (citizen session) → ec.query decode (businessType 01301 结算) →
//   1101 (cert 01 ecToken) → 2201 → 2204 (four lines: 甲 drug, 乙 exam, 丙 mask, one outside
//   the catalogue; 124.30) → 2206 → 2207.
// Every answer is checked: HTTP status, code/infcode 0, the person echoed, and in 2206/2207
// medfee_sumamt = 124.30 = fund_pay_sumamt + psn_part_amt + hosp_part_amt and psn_part_amt =
// acct_pay + acct_mulaid_pay + psn_cash_pay, parsed from the raw JSON text into fen (never
// through double). Mutual-aid beneficiaries must get acct_mulaid_pay > 0 at least sometimes.
//
// Prints a human summary and one machine line: "RESULT key=value …". Exit 1 on any error.
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Institution {
  std::string code, secret;
};
struct Session {
  std::string token, kind, psn_no;
};

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string mode = "flow";
  std::string world;
  int connections = 64;
  double seconds = 30;
  double warmup = 3;
  // Open loop (flow mode): flows arrive at this many per second in all, spread evenly over the
  // connections, whatever the answers' speed; 0 = closed loop (each connection as fast as it can).
  double rate = 0;
};

// ---------------------------------------------------------------------------------------------
// Money from raw JSON text: the number after "field": inside `text` from `from` on, in fen.
std::optional<std::int64_t> raw_fen(const std::string& text, const std::string& field, std::size_t from = 0) {
  const std::string key = "\"" + field + "\":";
  const auto at = text.find(key, from);
  if (at == std::string::npos) return std::nullopt;
  std::size_t i = at + key.size();
  while (i < text.size() && text[i] == ' ') ++i;
  if (i < text.size() && text[i] == '"') ++i;  // numeric strings are a common variant
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::int64_t units = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    units = units * 10 + (text[i++] - '0');
    any = true;
  }
  std::int64_t cents = 0;
  int decimals = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (decimals == 2) return std::nullopt;  // more than two decimals: not a money amount
      cents = cents * 10 + (text[i++] - '0');
      ++decimals;
    }
  }
  if (!any) return std::nullopt;
  while (decimals < 2) {
    cents *= 10;
    ++decimals;
  }
  const std::int64_t fen = units * 100 + cents;
  return negative ? -fen : fen;
}

std::string upper_sha256_hex(const std::string& s) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(64);
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

// Shanghai wall clock (UTC+8, no DST): "yyyy-MM-dd HH:mm:ss" and "yyyyMMddHHmmss".
std::string shanghai(const char* format) {
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// ---------------------------------------------------------------------------------------------
class Connection {
 public:
  Connection(const Options& o) : opt_(o), socket_(ioc_) {}

  // Returns the status; the body in `body`. Reconnects once if the kept-alive socket was closed.
  unsigned request(http::verb verb, const std::string& target, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers, std::string& out) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!socket_.is_open()) connect();
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, opt_.host);
        req.keep_alive(true);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (verb == http::verb::post) {
          req.set(http::field::content_type, "application/json; charset=utf-8");
          req.body() = body;
          req.prepare_payload();
        }
        http::write(socket_, req);
        http::response<http::string_body> res;
        buffer_.clear();
        http::read(socket_, buffer_, res);
        out = std::move(res.body());
        if (!res.keep_alive()) close();
        return res.result_int();
      } catch (const std::exception& e) {
        close();
        if (attempt == 1) {
          out = std::string("transport: ") + e.what();
          return 0;
        }
      }
    }
    return 0;
  }

 private:
  void connect() {
    tcp::resolver resolver(ioc_);
    asio::connect(socket_, resolver.resolve(opt_.host, opt_.port));
    socket_.set_option(tcp::no_delay(true));
  }
  void close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }
  const Options& opt_;
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

struct Stats {
  long long requests = 0;
  long long flows = 0;
  long long errors = 0;
  long long aid_flows = 0;
  long long aid_paid = 0;  // aid beneficiaries' settlements with acct_mulaid_pay > 0
  std::vector<double> flow_ms, settle_ms, request_ms;
};

std::mutex g_print;
std::atomic<int> g_printed{0};
void report_error(const std::string& what, const std::string& body) {
  if (g_printed.fetch_add(1) >= 10) return;
  std::lock_guard lock(g_print);
  std::cerr << "yibao-bench-load: error: " << what << ": " << body.substr(0, 600) << "\n";
}

class FlowClient {
 public:
  FlowClient(const Options& o, const Institution& inst, int thread_index)
      : opt_(o), conn_(o), inst_(inst), thread_(thread_index) {
    randombytes_buf(&nonce_prefix_, sizeof nonce_prefix_);
  }

  // One settlement; false (and the reason reported) on any failed check.
  // `t0`: when the flow was due to start — now in a closed loop; its arrival time in an open
  // loop, so the flow's latency includes any wait behind a late predecessor (no coordinated
  // omission).
  bool run(const Session& s, bool recording, Stats& st, Clock::time_point t0) {
    std::string body;
    // 1. The patient shows the code.
    if (!call(http::verb::post, "/api/v1/me/code", "{}",
              {{"Authorization", "Bearer " + s.token}, {"X-Channel", "app"}}, body, 201, recording, st))
      return false;
    std::string qr;
    try {
      qr = std::string(json::parse(body).at("token").as_string());
    } catch (...) {
      report_error("me/code: no token", body);
      return false;
    }
    // 2. The HIS decodes it for settlement.
    const std::string decode_body =
        R"({"orgId":")" + inst_.code + R"(","transType":"ec.query","data":{"ecQrCode":")" + qr +
        R"(","businessType":"01301","operatorId":"D001","operatorName":"压测医生","officeId":"K01","officeName":"门诊","deviceType":"Scanner"}})";
    if (!signed_call("/localcfc/api/hsecfc/localQrCodeQuery", decode_body, body, recording, st)) return false;
    std::string ec_token, id_no, user_name, psn_no;
    try {
      auto w = json::parse(body).as_object();
      if (w.at("code").to_number<long long>() != 0) throw std::runtime_error("code");
      auto d = json::parse(w.at("data").as_string()).as_object();
      ec_token = d.at("ecToken").as_string();
      id_no = d.at("idNo").as_string();
      user_name = d.at("userName").as_string();
      psn_no = d.at("extData").at("psnNo").as_string();
    } catch (...) {
      report_error("decode", body);
      return false;
    }
    if (psn_no != s.psn_no) {
      report_error("decode: another person than the session's " + s.psn_no, body);
      return false;
    }
    const std::string cert = R"("mdtrt_cert_type":"01","mdtrt_cert_no":")" + ec_token + R"(")";
    // 3. 1101.
    if (!fsi("1101", R"({"data":{)" + cert + R"(,"psn_cert_type":"01","certno":")" + id_no + R"(","psn_name":")" +
                         user_name + R"("}})",
             "", body, recording, st))
      return false;
    std::string insutype, insuplc;
    try {
      auto out = json::parse(body).at("output").as_object();
      if (out.at("baseinfo").at("psn_no").as_string() != psn_no) throw std::runtime_error("psn_no");
      const auto& insu = out.at("insuinfo").as_array().at(0).as_object();
      insutype = insu.at("insutype").as_string();
      insuplc = insu.at("insuplc_admdvs").as_string();
    } catch (...) {
      report_error("1101 output", body);
      return false;
    }
    if ((s.kind == "aid") != (insutype == "390")) {
      report_error("1101: unexpected insutype " + insutype + " for a " + s.kind + " payer", body);
      return false;
    }
    // 4. 2201.
    const std::string now = shanghai("%Y-%m-%d %H:%M:%S");
    char otp[48];  // unique per institution, also across runs against the same store
    std::snprintf(otp, sizeof otp, "B%08llx-%d-%lld", static_cast<unsigned long long>(nonce_prefix_ & 0xffffffffu), thread_,
                  ++sequence_);
    if (!fsi("2201", R"({"data":{"psn_no":")" + psn_no + R"(","insutype":")" + insutype + R"(","begntime":")" + now +
                         R"(",)" + cert + R"(,"ipt_otp_no":")" + std::string(otp) +
                         R"(","atddr_no":"D001","dr_name":"压测医生","dept_code":"K01","dept_name":"内科","caty":"A03"}})",
             insuplc, body, recording, st))
      return false;
    std::string mdtrt_id;
    try {
      mdtrt_id = json::parse(body).at("output").at("data").at("mdtrt_id").as_string();
    } catch (...) {
      report_error("2201 output", body);
      return false;
    }
    // 5. 2204: four lines.
    auto fee = [&](const char* sn, const char* code, const char* amount, const char* cnt, const char* pric) {
      return R"({"feedetl_sn":")" + std::string(sn) + R"(","mdtrt_id":")" + mdtrt_id + R"(","psn_no":")" + psn_no +
             R"(","chrg_bchno":"B1","rx_circ_flag":"0","fee_ocur_time":")" + now + R"(","med_list_codg":")" + code +
             R"(","medins_list_codg":"H-)" + code + R"(","det_item_fee_sumamt":)" + amount + R"(,"cnt":)" + cnt +
             R"(,"pric":)" + pric +
             R"(,"bilg_dept_codg":"K01","bilg_dept_name":"内科","bilg_dr_codg":"D001","bilg_dr_name":"压测医生","hosp_appr_flag":"1"})";
    };
    const std::string basket = R"({"feedetail":[)" + fee("1", "XJ01CAA040A001010100001", "20.00", "20", "1.00") + "," +
                               fee("2", "210102015", "90.00", "1", "90.00") + "," +
                               fee("3", "C0301020010200000002", "2.00", "1", "2.00") + "," +
                               fee("4", "NOT-IN-CATALOGUE-001", "12.30", "1", "12.30") + "]}";
    if (!fsi("2204", basket, insuplc, body, recording, st)) return false;
    try {
      if (json::parse(body).at("output").at("result").as_array().size() != 4) throw std::runtime_error("lines");
    } catch (...) {
      report_error("2204 output", body);
      return false;
    }
    // 6. 2206 and 7. 2207.
    const std::string settle = R"({"data":{"psn_no":")" + psn_no + R"(",)" + cert +
                               R"(,"med_type":"11","medfee_sumamt":124.30,"psn_setlway":"01","mdtrt_id":")" + mdtrt_id +
                               R"(","chrg_bchno":"B1","insutype":")" + insutype + R"(","acct_used_flag":"1"}})";
    if (!fsi("2206", settle, insuplc, body, recording, st)) return false;
    if (!check_settlement("2206", body, false)) return false;
    const auto s0 = Clock::now();
    if (!fsi("2207", settle, insuplc, body, recording, st)) return false;
    const auto s1 = Clock::now();
    std::int64_t mulaid = 0;
    if (!check_settlement("2207", body, true, &mulaid)) return false;
    if (recording) {
      st.flows += 1;
      st.settle_ms.push_back(std::chrono::duration<double, std::milli>(s1 - s0).count());
      st.flow_ms.push_back(std::chrono::duration<double, std::milli>(s1 - t0).count());
      if (s.kind == "aid") {
        st.aid_flows += 1;
        if (mulaid > 0) st.aid_paid += 1;
      }
    }
    if (s.kind != "aid" && mulaid != 0) {
      report_error("2207: acct_mulaid_pay for a payer without an authorisation", body);
      return false;
    }
    return true;
  }

 private:
  bool check_settlement(const char* infno, const std::string& body, bool committed, std::int64_t* mulaid_out = nullptr) {
    const auto at = body.find("\"setlinfo\":");
    if (at == std::string::npos) {
      report_error(std::string(infno) + ": no setlinfo", body);
      return false;
    }
    auto f = [&](const char* name) { return raw_fen(body, name, at); };
    const auto medfee = f("medfee_sumamt"), fund = f("fund_pay_sumamt"), psn = f("psn_part_amt"), hosp = f("hosp_part_amt"),
               acct = f("acct_pay"), mulaid = f("acct_mulaid_pay"), cash = f("psn_cash_pay");
    if (!medfee || !fund || !psn || !hosp || !acct || !mulaid || !cash) {
      report_error(std::string(infno) + ": an amount is missing or not 2-decimal", body);
      return false;
    }
    if (*medfee != 12430 || *medfee != *fund + *psn + *hosp || *psn != *acct + *mulaid + *cash || *acct < 0 || *mulaid < 0 ||
        *cash < 0) {
      report_error(std::string(infno) + ": identities broken", body);
      return false;
    }
    if (committed) {
      try {
        const json::value parsed = json::parse(body);
        const auto& info = parsed.at("output").at("setlinfo").as_object();
        if (!info.at("setl_id").is_string() || info.at("setl_id").as_string().empty()) throw std::runtime_error("setl_id");
      } catch (...) {
        report_error(std::string(infno) + ": no setl_id", body);
        return false;
      }
    }
    if (mulaid_out) *mulaid_out = *mulaid;
    return true;
  }

  bool call(http::verb verb, const std::string& target, const std::string& body,
            const std::vector<std::pair<std::string, std::string>>& headers, std::string& out, unsigned expect,
            bool recording, Stats& st) {
    const auto t0 = Clock::now();
    const unsigned status = conn_.request(verb, target, body, headers, out);
    if (recording) {
      st.requests += 1;
      st.request_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    if (status != expect) {
      report_error(target + " HTTP " + std::to_string(status), out);
      return false;
    }
    return true;
  }

  bool signed_call(const std::string& target, const std::string& body, std::string& out, bool recording, Stats& st) {
    const std::string ts = std::to_string(std::time(nullptr));
    char nonce[48];
    std::snprintf(nonce, sizeof nonce, "%016llx%d-%lld", static_cast<unsigned long long>(nonce_prefix_), thread_,
                  ++nonce_counter_);
    const std::string sig = upper_sha256_hex(ts + inst_.secret + nonce + ts);
    return call(http::verb::post, target, body,
                {{"x-tif-paasid", inst_.code}, {"x-tif-timestamp", ts}, {"x-tif-nonce", nonce}, {"x-tif-signature", sig}},
                out, 200, recording, st);
  }

  // One envelope; infcode must be 0.
  bool fsi(const std::string& infno, const std::string& input, const std::string& insuplc, std::string& out,
           bool recording, Stats& st) {
    static std::atomic<unsigned long long> msg_seq{0};
    char seq[8];
    std::snprintf(seq, sizeof seq, "%04llu", msg_seq.fetch_add(1) % 10000);
    const std::string msgid = inst_.code + shanghai("%Y%m%d%H%M%S") + seq;
    const std::string envelope =
        R"({"infno":")" + infno + R"(","msgid":")" + msgid + R"(","mdtrtarea_admvs":")" + inst_.code.substr(1, 6) +
        R"(","insuplc_admdvs":")" + insuplc +
        R"(","recer_sys_code":"YBXT","dev_no":"","dev_safe_info":"","cainfo":"","signtype":"","infver":"V1.0","opter_type":"1","opter":"D001","opter_name":"压测医生","inf_time":")" +
        shanghai("%Y-%m-%d %H:%M:%S") + R"(","fixmedins_code":")" + inst_.code +
        R"(","fixmedins_name":"压测医院","sign_no":"","input":)" + input + "}";
    if (!signed_call("/fsi/api/callService", envelope, out, recording, st)) return false;
    const auto at = out.find("\"infcode\":");
    if (at == std::string::npos || (out.compare(at + 10, 1, "0") != 0 && out.compare(at + 10, 3, "\"0\"") != 0) ||
        out.compare(at + 10, 2, "-1") == 0) {
      report_error(infno + " infcode", out);
      return false;
    }
    return true;
  }

  const Options& opt_;
  Connection conn_;
  Institution inst_;
  int thread_;
  unsigned long long nonce_prefix_ = 0;
  long long nonce_counter_ = 0;
  long long sequence_ = 0;
};

bool load_world(const std::string& file, std::vector<Institution>& insts, std::vector<Session>& sessions) {
  std::ifstream in(file);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream w(line);
    std::string kind;
    w >> kind;
    if (kind == "institution") {
      Institution i;
      w >> i.code >> i.secret;
      insts.push_back(i);
    } else if (kind == "session") {
      Session s;
      w >> s.token >> s.kind >> s.psn_no;
      sessions.push_back(s);
    }
  }
  return !insts.empty() && !sessions.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "missing value for " << a << "\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--host") o.host = next();
    else if (a == "--port") o.port = next();
    else if (a == "--mode") o.mode = next();
    else if (a == "--world") o.world = next();
    else if (a == "--connections") o.connections = std::stoi(next());
    else if (a == "--seconds") o.seconds = std::stod(next());
    else if (a == "--warmup") o.warmup = std::stod(next());
    else if (a == "--rate") o.rate = std::stod(next());
    else {
      std::cerr << "usage: yibao-bench-load --port P --mode healthz|flow [--world FILE] [--connections N] "
                   "[--seconds S] [--warmup S] [--rate FLOWS_PER_S] [--host H]\n";
      return 2;
    }
  }
  if (sodium_init() < 0) return 1;
  std::vector<Institution> insts;
  std::vector<Session> sessions;
  if (o.mode == "flow" && !load_world(o.world, insts, sessions)) {
    std::cerr << "yibao-bench-load: cannot read institutions and sessions from '" << o.world << "'\n";
    return 2;
  }
  if (o.mode != "flow" && o.mode != "healthz") {
    std::cerr << "yibao-bench-load: --mode healthz|flow\n";
    return 2;
  }

  const auto start = Clock::now();
  const auto record_from = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  const auto stop_at = record_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<Stats> stats(static_cast<std::size_t>(o.connections));
  std::vector<std::thread> threads;
  for (int t = 0; t < o.connections; ++t) {
    threads.emplace_back([&, t] {
      Stats& st = stats[static_cast<std::size_t>(t)];
      if (o.mode == "healthz") {
        Connection c(o);
        std::string body;
        while (true) {
          const auto now = Clock::now();
          if (now >= stop_at) break;
          const bool recording = now >= record_from;
          const unsigned status = c.request(http::verb::get, "/healthz", "", {}, body);
          const auto t1 = Clock::now();
          const bool ok = status == 200 && body.find("\"ok\"") != std::string::npos;
          if (!ok) report_error("/healthz HTTP " + std::to_string(status), body);
          if (recording) {
            st.requests += 1;
            st.flows += 1;
            if (!ok) st.errors += 1;
            st.request_ms.push_back(std::chrono::duration<double, std::milli>(t1 - now).count());
          }
        }
        return;
      }
      FlowClient client(o, insts[static_cast<std::size_t>(t) % insts.size()], t);
      // Disjoint slices of the working subset: thread t takes sessions t, t+N, t+2N, …
      std::size_t k = static_cast<std::size_t>(t) % sessions.size();
      // Open loop: connection t's flows are due every N / rate seconds, staggered by 1 / rate.
      const auto period = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(o.rate > 0 ? o.connections / o.rate : 0.0));
      auto due = start + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(o.rate > 0 ? t / o.rate : 0.0));
      while (true) {
        if (o.rate > 0) std::this_thread::sleep_until(due);
        const auto now = Clock::now();
        if (now >= stop_at) break;
        const auto began = o.rate > 0 ? due : now;
        const bool recording = began >= record_from;
        if (!client.run(sessions[k], recording, st, began)) st.errors += 1;  // warm-up errors count too
        k = (k + static_cast<std::size_t>(o.connections)) % sessions.size();
        due += period;
      }
    });
  }
  for (auto& th : threads) th.join();

  Stats all;
  for (auto& s : stats) {
    all.requests += s.requests;
    all.flows += s.flows;
    all.errors += s.errors;
    all.aid_flows += s.aid_flows;
    all.aid_paid += s.aid_paid;
    all.flow_ms.insert(all.flow_ms.end(), s.flow_ms.begin(), s.flow_ms.end());
    all.settle_ms.insert(all.settle_ms.end(), s.settle_ms.begin(), s.settle_ms.end());
    all.request_ms.insert(all.request_ms.end(), s.request_ms.begin(), s.request_ms.end());
  }
  const double secs = o.seconds;
  const double ops = all.requests / secs;
  const double per_s = all.flows / secs;
  if (o.mode == "healthz") {
    const double p50 = percentile(all.request_ms, 0.50), p95 = percentile(all.request_ms, 0.95),
                 p99 = percentile(all.request_ms, 0.99);
    std::printf("healthz: %d connections, %.0f s: %lld requests, %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %lld errors\n",
                o.connections, secs, all.requests, ops, p50, p95, p99, all.errors);
    std::printf("RESULT mode=healthz connections=%d seconds=%.0f requests=%lld ops_per_s=%.1f p50_ms=%.2f p95_ms=%.2f "
                "p99_ms=%.2f errors=%lld\n",
                o.connections, secs, all.requests, ops, p50, p95, p99, all.errors);
  } else {
    const double f50 = percentile(all.flow_ms, 0.50), f95 = percentile(all.flow_ms, 0.95), f99 = percentile(all.flow_ms, 0.99);
    const double s50 = percentile(all.settle_ms, 0.50), s95 = percentile(all.settle_ms, 0.95),
                 s99 = percentile(all.settle_ms, 0.99);
    const double r50 = percentile(all.request_ms, 0.50), r99 = percentile(all.request_ms, 0.99);
    std::printf("flow: %d connections, %s, %.0f s: %lld settlements (%.1f/s), %lld requests (%.0f req/s), %lld errors\n",
                o.connections, o.rate > 0 ? ("open loop at " + std::to_string(o.rate) + " flows/s").c_str() : "closed loop",
                secs, all.flows, per_s, all.requests, ops, all.errors);
    std::printf("  2207 latency  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms\n", s50, s95, s99);
    std::printf("  whole flow    p50 %.2f ms  p95 %.2f ms  p99 %.2f ms\n", f50, f95, f99);
    std::printf("  any request   p50 %.2f ms  p99 %.2f ms\n", r50, r99);
    std::printf("  mutual-aid payers: %lld settlements, %lld with acct_mulaid_pay > 0\n", all.aid_flows, all.aid_paid);
    std::printf("RESULT mode=flow connections=%d rate=%.1f seconds=%.0f settlements=%lld settlements_per_s=%.1f requests=%lld "
                "ops_per_s=%.1f settle_p50_ms=%.2f settle_p95_ms=%.2f settle_p99_ms=%.2f flow_p50_ms=%.2f flow_p95_ms=%.2f "
                "flow_p99_ms=%.2f aid_settlements=%lld aid_paid=%lld errors=%lld\n",
                o.connections, o.rate, secs, all.flows, per_s, all.requests, ops, s50, s95, s99, f50, f95, f99, all.aid_flows,
                all.aid_paid, all.errors);
    if (all.aid_flows > 0 && all.aid_paid == 0) {
      std::cerr << "yibao-bench-load: mutual-aid payers settled but acct_mulaid_pay was never > 0\n";
      return 1;
    }
    if (all.flows == 0) return 1;
  }
  return all.errors == 0 ? 0 : 1;
}
