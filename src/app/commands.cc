#include "app/commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/secrets.h"
#include "core/admdvs.h"
#include "core/clock.h"
#include "http/server.h"
#include "http/system_routes.h"
#include "log/json_log.h"
#include "store/database.h"
#include "store/migrator.h"

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

void print_banner(const std::string& url, const std::string& store) {
  std::cout << "\n"
            << "  医保服务平台 yibao 已启动\n"
            << "  网址:     " << url << "\n"
            << "  健康检查: " << url << "healthz   运行指标: " << url << "metrics\n"
            << "  存储:     " << store << "\n"
            << "  演示账号: 暂无（演示家庭与登录方式随电子凭证功能一起提供，见 docs/DEMO.md）\n"
            << "  按 Ctrl+C 停止服务\n\n"
            << std::flush;
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
  const auto environment = process_environment();

  auto regions = core::RegionDirectory::load(config.regions_file);
  if (!regions) {
    std::cerr << "yibao: 无法加载行政区划数据: " << regions.error().detail << "\n";
    return 2;
  }
  auto secrets = load_or_create_secrets(config.data_dir, environment);
  if (!secrets) {
    std::cerr << "yibao: " << secrets.error().detail << "\n";
    return 2;
  }
  auto pool = open_store(config);
  if (!pool) return 1;

  // Serving against an older schema would fail request by request; refuse up front instead.
  const auto migrations = bundled_migrations(pool->backend());
  const int expected = migrations.empty() ? 0 : migrations.back().version;
  const int actual = store::schema_version(*pool);
  if (actual != expected) {
    std::cerr << "yibao: 数据库结构版本为 " << actual << "，本程序需要版本 " << expected
              << "。请先运行 `yibao migrate`。\n";
    return 1;
  }

  store::Database db(*pool);
  http::Metrics metrics;
  http::Router router;
  http::add_system_routes(router, db, metrics);
  http::add_store_metrics(metrics, db);
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
                          {"store", pool->location().redacted()},
                          {"regions", static_cast<long long>(regions->size())},
                          {"io_threads", config.server.io_threads},
                          {"worker_threads", config.server.worker_threads}});
  if (flags.banner) print_banner(url, pool->location().redacted());
  server.run();
  log::info("stopped");
  return 0;  // the pool closes its sessions as it goes out of scope, after the server stopped
}

}  // namespace yibao::app
