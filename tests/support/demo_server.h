#pragma once
// The set-up the api suites share: a store migrated and seeded with the demo world by the real
// binary (fast password hashing), and what seed-demo wrote to <data_dir>/demo-world.txt.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace yibao::testing {

struct DemoPerson {
  std::string psn_no;
  std::string id_number;
};

struct DemoWorld {
  std::map<std::string, DemoPerson> people;                 // by name; the first record of a name
  std::map<std::string, std::string> institution_secrets;  // by institution code
};

// Runs `yibao migrate` and `yibao seed-demo` on `store_url` with `data_dir`, then reads the demo
// world file. A failure is reported to gtest (with the command's output) and gives nullopt.
std::optional<DemoWorld> seed_demo_world(const std::string& store_url, const std::string& data_dir);

// The arguments a ServerProcess over that store needs: the same data dir and hashing.
std::vector<std::string> demo_server_args(const std::string& data_dir);

}  // namespace yibao::testing
