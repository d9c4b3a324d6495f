#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include "support/test_store.h"

namespace yibao::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& output_file) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // Child: output to a file, run from the source tree so web/ and yibao.toml resolve as in `make run`.
  const int fd = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  if (::chdir(YIBAO_SOURCE_DIR) != 0) ::_exit(126);
  std::vector<char*> argv;
  std::string bin = YIBAO_BIN_PATH;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(bin.c_str(), argv.data());
  ::_exit(127);
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string scratch_dir() {
  const std::string dir = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("srv");
  std::filesystem::create_directories(dir);
  return dir;
}

HttpResponse convert(bhttp::response<bhttp::string_body>& res) {
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = res.body();
  return out;
}

bhttp::request<bhttp::string_body> build(unsigned short port, const HttpRequest& r, bool keep_alive) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), r.target, 11};
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.keep_alive(keep_alive);
  if (!r.body.empty() || r.method == "POST") req.prepare_payload();
  return req;
}

}  // namespace

CommandResult run_yibao(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  const std::string dir = scratch_dir();
  const std::string out = dir + "/output.txt";
  const pid_t pid = spawn(args, env, out);
  CommandResult result;
  result.exit_code = wait_exit(pid);
  result.output = read_all(out);
  return result;
}

ServerProcess::ServerProcess(const std::string& store_url, std::vector<std::string> extra_args,
                             const std::map<std::string, std::string>& env)
    : dir_(scratch_dir()) {
  std::vector<std::string> args = {"serve", "--store", store_url, "--port", "0", "--port-file", dir_ + "/port",
                                   "--set", "server.shutdown_grace_seconds=5"};
  // A test may bring its own data directory (one it seeded); otherwise each server gets one.
  if (std::find(extra_args.begin(), extra_args.end(), "--data-dir") == extra_args.end()) {
    args.insert(args.end(), {"--data-dir", dir_ + "/var"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = spawn(args, env, dir_ + "/output.txt");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(dir_ + "/port");
    unsigned port = 0;
    if (in >> port && port != 0) {
      port_ = static_cast<unsigned short>(port);
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "yibao serve exited during start-up:\n" << output();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "yibao serve did not start within 30 s:\n" << output();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int code = wait_exit(pid_);
  pid_ = -1;
  return code;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::output() const { return read_all(dir_ + "/output.txt"); }

std::string HttpResponse::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse http_call(unsigned short port, const HttpRequest& request) {
  auto responses = http_pipeline(port, {request});
  return responses.empty() ? HttpResponse{} : responses.front();
}

HttpResponse http_get(unsigned short port, const std::string& target) {
  HttpRequest r;
  r.target = target;
  return http_call(port, r);
}

std::vector<HttpResponse> http_pipeline(unsigned short port, const std::vector<HttpRequest>& requests) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::flat_buffer buffer;
  std::vector<HttpResponse> out;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto req = build(port, requests[i], i + 1 < requests.size());
    bhttp::write(stream, req);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    if (requests[i].method == "HEAD") parser.skip(true);
    bhttp::read(stream, buffer, parser);
    out.push_back(convert(parser.get()));
  }
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

std::string raw_exchange(unsigned short port, const std::string& bytes) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(socket, asio::buffer(bytes));
  std::string answer;
  beast::error_code ec;
  char chunk[4096];
  for (;;) {
    const auto n = socket.read_some(asio::buffer(chunk), ec);
    answer.append(chunk, n);
    if (ec) break;
  }
  return answer;
}

}  // namespace yibao::testing
