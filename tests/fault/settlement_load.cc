#include "fault/settlement_load.h"

#include <cstdio>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/pool.h"
#include "support/server_process.h"

namespace yibao::testing::fault {

namespace {

// Two lines as a pharmacy counter sends them (optional fields empty): 布洛芬 6.00 + 20.00.
std::string purchase(const DemoPerson& p) {
  return R"({"druginfo":{"psn_no":")" + p.psn_no + R"(","mdtrt_cert_type":"02","mdtrt_cert_no":")" + p.id_number +
         R"(","begntime":"2026-11-23 10:00:00","medfee_sumamt":26.00,"insutype":"310","acct_used_flag":"1","med_type":"41"},)"
         R"("drugdetail":[{"feedetl_sn":"1","rxno":"","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 10:00:00",)"
         R"("med_list_codg":"XN02BEA013A001010100001","medins_list_codg":"P-1","det_item_fee_sumamt":6.00,"cnt":4,"pric":1.50},)"
         R"({"feedetl_sn":"2","rxno":"","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 10:00:00",)"
         R"("med_list_codg":"XV06DXA000A001010100001","medins_list_codg":"P-2","det_item_fee_sumamt":20.00,"cnt":1,"pric":20.00}]})";
}

// {"error":{"code"}} of a plain HTTP refusal (a 503 of the store), "" for anything else.
std::string plain_error_code(const std::string& body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) return "";
  const auto* error = parsed.as_object().if_contains("error");
  if (error == nullptr || !error->is_object()) return "";
  const auto* code = error->as_object().if_contains("code");
  return code != nullptr && code->is_string() ? std::string(code->as_string()) : "";
}

template <class F>
auto on_store(const std::string& url, F&& fn) {
  store::PoolOptions options;
  options.url = url;
  options.size = 1;
  auto pool = store::Pool::open(options);
  store::Database db(*pool);
  return db.read(std::forward<F>(fn));
}

}  // namespace

SettlementLoad::SettlementLoad(const DemoWorld& world, std::string person)
    : world_(world), person_(world.people.at(person)) {}

std::string SettlementLoad::next_msgid() {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(++sequence_));
  return std::string(kPharmacy) + "20261203" + digits;  // 30 characters, the field's maximum
}

FsiAnswer SettlementLoad::send(unsigned short port, const std::string& msgid) const {
  const std::string body = his_envelope(kPharmacy, "2102", msgid, purchase(person_));
  HttpResponse http;
  try {
    http = signed_tif_post(port, "/fsi/api/callService", body, kPharmacy, world_.institution_secrets.at(kPharmacy));
  } catch (const std::exception& e) {
    http.status = 0;
    http.body = e.what();
    return FsiAnswer{http, {}, ""};
  }
  try {
    return fsi_answer(http);
  } catch (const std::exception&) {
    return FsiAnswer{http, {}, ""};  // not an envelope: a 503 of the store, say
  }
}

Call SettlementLoad::call_once(unsigned short port, bool* reached) {
  Call call{next_msgid(), "", ""};
  const auto answer = send(port, call.msgid);
  if (answer.http.status == 200 && !answer.body.empty() && answer.infcode() == 0) {
    call.setl_id = std::string(answer.output().at("setlinfo").at("setl_id").as_string());
  } else {
    call.seen = std::to_string(answer.http.status) + " " + answer.http.body.substr(0, 200);
    call.error_code = answer.body.contains("infcode") ? answer.err_code() : plain_error_code(answer.http.body);
  }
  call.http_status = answer.http.status;
  if (reached != nullptr) *reached = answer.http.status != 0;
  std::lock_guard lock(mutex_);
  calls_.push_back(call);
  return call;
}

void SettlementLoad::run(unsigned short port, int clients, const std::atomic<bool>& stop, bool stop_when_unreachable) {
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        bool reached = false;
        call_once(port, &reached);
        if (!reached && stop_when_unreachable) return;
        if (!reached) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  for (auto& t : threads) t.join();
}

std::vector<Call> SettlementLoad::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<Call> SettlementLoad::answered() const {
  std::vector<Call> out;
  for (const auto& c : calls()) if (!c.setl_id.empty()) out.push_back(c);
  return out;
}

std::vector<Call> SettlementLoad::unanswered() const {
  std::vector<Call> out;
  for (const auto& c : calls()) if (c.setl_id.empty()) out.push_back(c);
  return out;
}

std::int64_t personal_balances(const std::string& store_url) {
  return on_store(store_url, [](store::Tx& tx) {
    long long sum = 0;
    tx.run("SELECT COALESCE(SUM(credits_posted - debits_posted), 0) FROM ledger_accounts "
           "WHERE kind IN ('personal_current', 'personal_prior')",
           soci::into(sum));
    return static_cast<std::int64_t>(sum);
  });
}

std::int64_t account_paid(const std::string& store_url, const std::vector<std::string>& msgids) {
  return on_store(store_url, [&](store::Tx& tx) {
    std::int64_t sum = 0;
    for (const auto& msgid : msgids) {
      long long paid = 0;
      tx.run("SELECT COALESCE(SUM(acct_pay + acct_mulaid_pay), 0) FROM settlements WHERE msgid = :m AND kind = 'settle'",
             soci::use(msgid), soci::into(paid));
      sum += paid;
    }
    return sum;
  });
}

long long settlements_with_msgid(const std::string& store_url, const std::string& msgid) {
  return on_store(store_url, [&](store::Tx& tx) {
    long long n = 0;
    tx.run("SELECT COUNT(*) FROM settlements WHERE msgid = :m AND kind = 'settle'", soci::use(msgid), soci::into(n));
    return n;
  });
}

AuditResult audit(const std::string& store_url, const std::string& data_dir) {
  const auto result = run_yibao({"audit", "--store", store_url, "--data-dir", data_dir});
  return {result.exit_code == 0, result.output};
}

ReplaySummary check_after_faults(SettlementLoad& load, unsigned short port, const std::string& store_url,
                                 const std::string& data_dir, std::int64_t balances_before) {
  ReplaySummary summary;
  const auto answered = load.answered();
  const auto unanswered = load.unanswered();
  summary.answered = answered.size();
  summary.unanswered = unanswered.size();

  // Every settlement a counter was told about survived, and asking again moves nothing.
  const std::int64_t before_replay = personal_balances(store_url);
  for (const auto& call : answered) {
    EXPECT_EQ(settlements_with_msgid(store_url, call.msgid), 1) << call.msgid << " was answered " << call.setl_id;
    const auto again = load.send(port, call.msgid);
    if (again.http.status != 200 || again.body.empty() || again.infcode() != 0) {
      ADD_FAILURE() << "replay of answered " << call.msgid << ": " << again.http.status << " " << again.http.body;
      continue;
    }
    EXPECT_EQ(std::string(again.output().at("setlinfo").at("setl_id").as_string()), call.setl_id) << call.msgid;
  }
  EXPECT_EQ(personal_balances(store_url), before_replay) << "replaying answered msgids moved money";

  // A call the counter never heard back from settled at most once; asked again it settles
  // now or answers the settlement it already made, and either way exactly one stands.
  for (const auto& call : unanswered) {
    EXPECT_LE(settlements_with_msgid(store_url, call.msgid), 1) << call.msgid;
    const auto again = load.send(port, call.msgid);
    if (again.http.status != 200 || again.body.empty() || again.infcode() != 0) {
      ADD_FAILURE() << "replay of unanswered " << call.msgid << " (first saw " << call.seen << "): " << again.http.status
                    << " " << again.http.body;
      continue;
    }
    EXPECT_EQ(settlements_with_msgid(store_url, call.msgid), 1) << call.msgid;
  }

  // Money conserved: the ledger balances (audit: every balance equals its entries, Σ = 0) and
  // the personal accounts lost exactly what the settlements say they paid.
  std::vector<std::string> msgids;
  for (const auto& c : load.calls()) msgids.push_back(c.msgid);
  summary.account_paid_fen = account_paid(store_url, msgids);
  EXPECT_EQ(balances_before - personal_balances(store_url), summary.account_paid_fen);
  const auto report = audit(store_url, data_dir);
  EXPECT_TRUE(report.clean) << report.report;
  return summary;
}

}  // namespace yibao::testing::fault
