#include "providers/sms_simulator.h"

#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace yibao::providers {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::Reason;

bool deliverable(std::string_view phone) {
  if (phone.size() != 11 || phone.front() != '1') return false;
  for (char c : phone) {
    if (c < '0' || c > '9') return false;
  }
  return !phone.starts_with("170");
}

void create_parent_directories(const fs::path& path) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
}

}  // namespace

SmsSimulator::SmsSimulator(const core::Clock& clock, fs::path log_path)
    : clock_(clock), log_path_(std::move(log_path)) {
  create_parent_directories(log_path_);
}

void SmsSimulator::fail_next(int count) {
  std::lock_guard lock(mutex_);
  failures_left_ = count > 0 ? count : 0;
}

core::Status SmsSimulator::send(const SmsMessage& message) {
  if (auto valid = validate_message(message); !valid) return valid;

  std::lock_guard lock(mutex_);
  if (failures_left_ > 0) {
    --failures_left_;
    return Error{Reason::SMS_PROVIDER_UNAVAILABLE, "短信模拟器：模拟的服务故障"};
  }
  if (!deliverable(message.phone)) return Error{Reason::SMS_REJECTED, "短信模拟器：该号码无法接收短信"};

  const boost::json::object line{{"ts", core::iso_utc(clock_.now())},
                                  {"phone", message.phone},
                                  {"template_code", message.template_code},
                                  {"text", message.text}};
  std::error_code ec;
  if (log_path_.has_parent_path()) fs::create_directories(log_path_.parent_path(), ec);
  const bool is_new = !fs::exists(log_path_, ec);
  std::ofstream out(log_path_, std::ios::binary | std::ios::app);
  if (!out) return Error{Reason::SMS_PROVIDER_UNAVAILABLE, "短信模拟器无法写入日志文件"};
  if (is_new) fs::permissions(log_path_, fs::perms::owner_read | fs::perms::owner_write, ec);
  out << boost::json::serialize(line) << '\n';
  out.flush();
  if (!out) return Error{Reason::SMS_PROVIDER_UNAVAILABLE, "短信模拟器无法写入日志文件"};
  return core::Status::Ok();
}

}  // namespace yibao::providers
