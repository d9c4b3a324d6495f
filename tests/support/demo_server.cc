#include "support/demo_server.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/server_process.h"

namespace yibao::testing {

std::vector<std::string> demo_server_args(const std::string& data_dir) {
  return {"--data-dir", data_dir, "--set", "security.password_hash=fast"};
}

std::optional<DemoWorld> seed_demo_world(const std::string& store_url, const std::string& data_dir) {
  for (const char* command : {"migrate", "seed-demo"}) {
    std::vector<std::string> args = {command, "--store", store_url};
    for (auto& a : demo_server_args(data_dir)) args.push_back(std::move(a));
    const auto result = run_yibao(args);
    if (result.exit_code != 0) {
      ADD_FAILURE() << "yibao " << command << " exited " << result.exit_code << ":\n" << result.output;
      return std::nullopt;
    }
  }
  DemoWorld world;
  std::ifstream in(data_dir + "/demo-world.txt");
  for (std::string line; std::getline(in, line);) {
    // person <psn_no> id_number <id_number> | <name> | <note>
    // institution <code> secret <secret> | <name>
    std::istringstream words(line);
    std::string kind, key, label, value, bar, name;
    words >> kind >> key >> label >> value;
    if (kind == "person") {
      words >> bar >> name;
      world.people.emplace(name, DemoPerson{key, value});
    } else if (kind == "institution") {
      world.institution_secrets[key] = value;
    }
  }
  if (world.people.empty()) {
    ADD_FAILURE() << "no person lines in " << data_dir << "/demo-world.txt";
    return std::nullopt;
  }
  return world;
}

}  // namespace yibao::testing
