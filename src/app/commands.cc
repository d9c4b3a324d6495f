#include "app/commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/stat.h>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/platform.h"
#include "providers/birth_certificate_simulator.h"
#include "app/secrets.h"
#include "http/api/agency_admin_routes.h"
#include "http/api/agency_routes.h"
#include "http/api/citizen_routes.h"
#include "http/api/decode_routes.h"
#include "http/api/docs_routes.h"
#include "http/api/mutual_aid_routes.h"
#include "http/api/contribution_routes.h"
#include "http/api/fsi_routes.h"
#include "http/api/remote_filing_routes.h"
#include "http/api/catalogue_admin_routes.h"
#include "http/api/demo_clock_routes.h"
#include "http/api/registration_routes.h"
#include "http/api/drug_trace_routes.h"
#include "http/api/spending_routes.h"
#include "http/api/family_routes.h"
#include "http/api/wallet_routes.h"
#include "core/money.h"
#include "services/account_service.h"
#include "services/demo_clock_service.h"
#include "services/demo_world.h"
#include "core/admdvs.h"
#include "core/clock.h"
#include "http/server.h"
#include "http/system_routes.h"
#include "log/json_log.h"
#include "store/database.h"
#include "store/migrator.h"
#include "store/time_codec.h"

namespace yibao::app {
namespace {

std::unique_ptr<store::Pool> open_store(const Config& config) {
  try {
    return store::Pool::open(config.store);
  } catch (const std::exception& e) {
    std::cerr << "yibao: " << e.what() << "\n";
    return nullptr;
  }
}

std::vector<store::Migration> bundled_migrations(store::Backend backend) {
  return store::migrations_for(backend, store::embedded_migration_files());
}

void print_banner(const std::string& url, const std::string& store, const std::string& data_dir, bool demo_clock) {
  std::cout << "\n"
            << "  医保服务平台 yibao 已启动\n"
            << "  网址:     " << url << "\n"
            << "  健康检查: " << url << "healthz   运行指标: " << url << "metrics\n"
            << "  存储:     " << store << "\n";
  if (demo_clock) std::cout << "  演示时钟: 已开启（管理台“演示时钟”可向后拨动平台时间，见 docs/DEMO.md §16）\n";
  const auto demo = std::filesystem::path(data_dir) / "demo-world.txt";
  if (std::ifstream in(demo); in) {
    std::cout << "  演示数据（" << demo.string() << "，用法见 docs/DEMO.md）:\n";
    std::string line;
    while (std::getline(in, line)) std::cout << "    " << line << "\n";
  } else {
    std::cout << "  演示数据: 未加载（运行 yibao seed-demo，见 docs/DEMO.md）\n";
  }
  std::cout << "  按 Ctrl+C 停止服务\n\n" << std::flush;
}

}  // namespace

int run_migrate(const Config& config) {
  auto pool = open_store(config);
  if (!pool) return 1;
  try {
    core::SystemClock clock;
    const auto outcome = store::migrate(*pool, bundled_migrations(pool->backend()), clock);
    if (outcome.applied.empty()) {
      std::cout << "数据库结构已是最新（版本 " << outcome.schema_version << "），无需迁移。\n";
    } else {
      std::cout << "已应用迁移:";
      for (int v : outcome.applied) std::cout << " " << v;
      std::cout << "；当前版本 " << outcome.schema_version << "。\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao migrate: " << e.what() << "\n";
    return 1;
  }
}

int run_serve(const Config& config, const ServeFlags& flags) {
  log::set_level(config.log_level);
  std::unique_ptr<Platform> platform;
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    platform = std::move(built).value();
  } catch (const store::StoreUnavailable& e) {
    std::cerr << "yibao: " << e.what() << "\n";
    return 1;
  }

  // Serving against an older schema would fail request by request; refuse up front instead.
  const auto migrations = bundled_migrations(platform->pool().backend());
  const int expected = migrations.empty() ? 0 : migrations.back().version;
  const int actual = store::schema_version(platform->pool());
  if (actual != expected) {
    std::cerr << "yibao: 数据库结构版本为 " << actual << "，本程序需要版本 " << expected
              << "。请先运行 `yibao migrate`。\n";
    return 1;
  }

  // The demo clock moves the time of every rule: never on a store that holds real people.
  if (flags.demo_clock && !services::DemoClockService::is_demo_store(platform->db())) {
    const auto& info = core::info(core::Reason::DEMO_CLOCK_NOT_DEMO_STORE);
    std::cerr << "yibao: --demo-clock: " << info.message << "（DEMO_CLOCK_NOT_DEMO_STORE）。" << info.remedy << "\n";
    return 2;
  }
  services::DemoClockService demo_clock(platform->context(), platform->clock(), flags.demo_clock);
  demo_clock.restore();

  http::Metrics metrics;
  http::Router router;
  http::add_system_routes(router, platform->db(), metrics);
  http::add_store_metrics(metrics, platform->db());
  http::api::ApiDeps deps{platform->context(), platform->sessions(), platform->credentials(), platform->codes(),
                          platform->agency(), platform->accounts(), platform->mutual_aid(),
                          platform->contributions(), platform->agency_admin(), platform->face_simulator()};
  http::api::add_citizen_routes(router, deps);
  http::api::add_simulator_routes(router, deps);
  http::api::add_decode_routes(router, deps);
  http::api::add_agency_routes(router, deps);
  http::api::add_agency_admin_routes(router, deps);
  http::api::add_docs_routes(router, YIBAO_DEFAULT_API_DOCS_DIR);
  http::api::add_mutual_aid_routes(router, deps);
  http::api::add_contribution_routes(router, deps);
  http::api::add_fsi_routes(router, deps);
  http::api::add_spending_routes(router, deps);
  http::api::add_drug_trace_routes(router, deps);
  http::api::add_demo_clock_routes(router, deps, demo_clock);
  http::api::add_catalogue_admin_routes(router, deps);
  http::api::add_registration_routes(router, deps);
  http::api::add_remote_filing_routes(router, deps);
  http::api::add_family_routes(router, deps, platform->family());
  http::api::add_wallet_routes(router, deps, platform->wallet());
  http::StaticFiles static_files(config.web_root);

  http::Server server(config.server, router, static_files, metrics);
  unsigned short port = 0;
  try {
    port = server.start();
  } catch (const std::exception& e) {
    std::cerr << "yibao: 无法在 " << config.server.host << ":" << config.server.port << " 上监听: " << e.what() << "\n";
    return 1;
  }
  if (!flags.port_file.empty()) {
    std::ofstream(flags.port_file + ".tmp") << port << "\n";
    std::filesystem::rename(flags.port_file + ".tmp", flags.port_file);
  }
  const std::string url = "http://" + config.server.host + ":" + std::to_string(port) + "/";
  log::info("listening", {{"url", url},
                          {"port", static_cast<long long>(port)},
                          {"store", platform->pool().location().redacted()},
                          {"regions", static_cast<long long>(platform->regions().size())},
                          {"face_provider", config.face_provider},
                          {"io_threads", config.server.io_threads},
                          {"worker_threads", config.server.worker_threads}});
  if (flags.banner) print_banner(url, platform->pool().location().redacted(), config.data_dir, flags.demo_clock);
  // The notification outbox (亲情账户 SMS): one pass every few seconds while serving. Pending rows
  // live in the store, so whatever was queued before a restart is delivered after it.
  std::jthread outbox([&platform](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      try {
        // 医保钱包 transfers not accepted by 06:00 the next day go back (issue 16). Every
        // instance may run it: each transfer is returned once, by a conditional UPDATE.
        if (const auto returned = platform->wallet().return_due(); returned.returned > 0) {
          log::info("wallet_transfers_returned", {{"count", static_cast<long long>(returned.returned)},
                                                  {"amount_fen", static_cast<long long>(returned.amount)}});
        }
        if (const int sent = platform->family().deliver_notifications(); sent > 0) {
          log::info("notifications_sent", {{"count", static_cast<long long>(sent)}});
        }
      } catch (const std::exception& e) {
        log::warn("notifications_failed", {{"error", std::string(e.what())}});
      }
      std::unique_lock lock(m);
      wake.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; });
    }
  });
  server.run();
  outbox.request_stop();
  outbox.join();
  log::info("stopped");
  return 0;  // the platform (and its pool) closes as it goes out of scope, after the server stopped
}

int run_seed_demo(const Config& config) {
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    auto summary = services::seed_demo_world((*built)->context());
    if (!summary.seeded) {
      std::cout << "数据库中已有人员数据，未重复加载演示数据。\n";
      return 0;
    }
    services::DemoClockService::mark_demo_store((*built)->db(), store::to_epoch_us((*built)->clock().now()));
    const std::string text = services::render_demo_summary(summary);
    if (auto saved = providers::BirthCertificateSimulator::save(birth_certificate_fixture(config), summary.birth_certificates);
        !saved) {
      std::cerr << "yibao seed-demo: " << saved.error().detail << "\n";
      return 1;
    }
    const auto path = std::filesystem::path(config.data_dir) / "demo-world.txt";
    std::filesystem::create_directories(path.parent_path());
    {
      // The institution secrets are in here: readable by the owner only.
      const auto old_mask = ::umask(077);
      std::ofstream(path) << text;
      ::umask(old_mask);
    }
    std::cout << "已加载演示数据（详见 " << path.string() << " 与 docs/DEMO.md）。\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao seed-demo: " << e.what() << "\n";
    return 1;
  }
}

namespace {

std::string yuan(std::int64_t fen) { return core::Money::from_fen(fen).to_string(); }

void print_progress(const services::JobReport& r) {
  std::cout << "  已处理 " << r.considered << " 条，本次入账 " << r.posted << " 笔（" << yuan(r.moved_fen)
            << " 元），此前已入账 " << r.already_posted << " 笔，无需处理 " << r.skipped << " 条\n"
            << std::flush;
}

template <class Job>
int run_job(const Config& config, const char* title, Job&& job) {
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    services::AccountService accounts((*built)->context());
    std::cout << title << "\n";
    auto report = job(accounts);
    if (!report) {
      const auto& info = core::info(report.reason());
      std::cerr << "yibao: " << info.message << "（" << report.error().detail << "）：" << info.remedy << "\n";
      return 1;
    }
    std::cout << "完成：";
    print_progress(*report);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int run_monthly_credit(const Config& config, const std::string& month, const std::string& scope) {
  return run_job(config, ("个人账户月度划入 " + month).c_str(), [&](services::AccountService& accounts) {
    return accounts.run_monthly_credit(month, scope, print_progress);
  });
}

int run_year_rollover(const Config& config, const std::string& year, const std::string& scope) {
  return run_job(config, ("个人账户年度结转 " + year).c_str(), [&](services::AccountService& accounts) {
    return accounts.run_year_rollover(year, scope, print_progress);
  });
}

int run_deliver_notifications(const Config& config) {
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    const int sent = (*built)->family().deliver_notifications();
    std::cout << "本次发送短信 " << sent << " 条（失败的将按退避时间重试）。\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao notify: " << e.what() << "\n";
    return 1;
  }
}

int run_wallet_returns(const Config& config) {
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    const auto report = (*built)->wallet().return_due();
    std::cout << "退回未接收的医保钱包转账 " << report.returned << " 笔，共 "
              << core::Money::from_fen(report.amount).to_string() << " 元（可重复执行，不会重复退回）。\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "yibao wallet return-due: " << e.what() << "\n";
    return 1;
  }
}

int run_audit(const Config& config) {
  try {
    auto built = Platform::build(config);
    if (!built) {
      std::cerr << "yibao: " << built.error().detail << "\n";
      return 2;
    }
    const auto report = services::AccountService((*built)->context()).audit();
    std::cout << "账户 " << report.accounts << " 个，分录 " << report.entries << " 笔，全部余额之和 "
              << yuan(report.total_balance) << " 元\n";
    for (const auto& f : report.findings) std::cout << "  不一致: " << f.account_code << ": " << f.problem << "\n";
    if (report.clean()) {
      std::cout << "核对通过：每个余额都与分录一致，合计为零，没有负余额。\n";
      return 0;
    }
    std::cout << "核对未通过。\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "yibao audit: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace yibao::app
