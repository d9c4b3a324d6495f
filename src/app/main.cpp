// yibao: the medical-insurance service platform, one binary with subcommands.
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/config.h"

int main(int argc, char** argv) {
  using namespace yibao::app;
  CLI::App cli{"yibao — 医保服务平台 (e-credential, family account, mutual aid, institution settlement)"};
  cli.require_subcommand(1);

  std::string config_file;
  std::vector<std::string> sets;
  std::string store_url;
  std::string host;
  int port = -1;
  std::string web_root;
  std::string data_dir;
  std::string log_level;
  ServeFlags serve_flags;

  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--config", config_file, "配置文件（默认：当前目录的 yibao.toml，如存在）");
    sub->add_option("--store", store_url, "存储地址: sqlite:PATH 或 postgresql://…");
    sub->add_option("--data-dir", data_dir, "本地数据目录（密钥、上传文件），默认 var");
    sub->add_option("--set", sets, "覆盖任一配置项，如 --set server.io_threads=4");
  };
  auto* serve = cli.add_subcommand("serve", "启动 HTTP 服务");
  add_common(serve);
  serve->add_option("--host", host, "监听地址，默认 127.0.0.1");
  serve->add_option("--port", port, "监听端口，默认 8080；0 表示任选空闲端口");
  serve->add_option("--web-root", web_root, "网页应用目录，默认 web/dist");
  serve->add_option("--log-level", log_level, "日志级别 debug|info|warn|error");
  serve->add_option("--port-file", serve_flags.port_file, "启动后把实际端口写入此文件");
  serve->add_flag("--banner", serve_flags.banner, "启动后打印网址等提示（make run 使用）");
  serve->add_flag("--demo-clock", serve_flags.demo_clock, "允许经办人员调整平台时间（仅演示库，见 docs/DEMO.md）");
  auto* migrate = cli.add_subcommand("migrate", "把数据库结构迁移到最新版本（可重复执行）");
  add_common(migrate);
  auto* seed = cli.add_subcommand("seed-demo", "数据库为空时加载演示数据（docs/DEMO.md）");
  add_common(seed);

  auto* notify = cli.add_subcommand("notify", "发送短信发件箱中到期的消息（一次）");
  add_common(notify);
  auto* audit = cli.add_subcommand("audit", "由分录重算每个账户余额并核对（不一致时退出码非零）");
  add_common(audit);
  auto* ledger = cli.add_subcommand("ledger", "个人账户批处理：月度划入、年度结转（可重复执行，不会重复入账）");
  ledger->require_subcommand(1);
  std::string period;
  std::string scope;
  auto* credit = ledger->add_subcommand("credit", "个人账户月度划入");
  add_common(credit);
  credit->add_option("--month", period, "月份，如 2026-11")->required();
  credit->add_option("--scope", scope, "只处理该区划（如 110000）内的参保人员；默认全部");
  auto* rollover = ledger->add_subcommand("rollover", "当年账户结转历年账户");
  add_common(rollover);
  rollover->add_option("--year", period, "年度，如 2026")->required();
  rollover->add_option("--scope", scope, "只处理该区划内的账户；默认全部");

  auto* wallet = cli.add_subcommand("wallet", "医保钱包批处理");
  wallet->require_subcommand(1);
  auto* returns = wallet->add_subcommand("return-due", "退回到期未接收的钱包转账（次日 06:00 起；可重复执行）");
  add_common(returns);

  CLI11_PARSE(cli, argc, argv);

  ConfigSources sources;
  if (!config_file.empty()) sources.file = config_file;
  sources.environment = process_environment();
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos) {
      std::cerr << "yibao: --set 需要 名称=值 的形式，例如 --set server.port=8081\n";
      return 2;
    }
    sources.overrides.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  if (!store_url.empty()) sources.overrides.emplace_back("store.url", store_url);
  if (!data_dir.empty()) sources.overrides.emplace_back("paths.data_dir", data_dir);
  if (!host.empty()) sources.overrides.emplace_back("server.host", host);
  if (port >= 0) sources.overrides.emplace_back("server.port", std::to_string(port));
  if (!web_root.empty()) sources.overrides.emplace_back("server.web_root", web_root);
  if (!log_level.empty()) sources.overrides.emplace_back("log.level", log_level);

  auto config = load_config(sources);
  if (!config) {
    std::cerr << "yibao: 配置错误: " << config.error().detail << "\n";
    return 2;
  }
  if (cli.got_subcommand(serve)) return run_serve(*config, serve_flags);
  if (cli.got_subcommand(migrate)) return run_migrate(*config);
  if (cli.got_subcommand(seed)) return run_seed_demo(*config);
  if (cli.got_subcommand(audit)) return run_audit(*config);
  if (cli.got_subcommand(notify)) return run_deliver_notifications(*config);
  if (credit->parsed()) return run_monthly_credit(*config, period, scope);
  if (rollover->parsed()) return run_year_rollover(*config, period, scope);
  if (returns->parsed()) return run_wallet_returns(*config);
  return 2;
}
