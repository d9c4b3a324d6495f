#include "app/platform.h"

#include <charconv>

#include "app/secrets.h"
#include "providers/birth_certificate_simulator.h"
#include "providers/birth_certificate_http_client.h"
#include "providers/household_http_client.h"
#include "providers/household_simulator.h"
#include "providers/sms_http_client.h"
#include "providers/sms_simulator.h"
#include "providers/face_http_client.h"

namespace yibao::app {
namespace {

// http://host:port/prefix -> ProviderHttpConfig (the family-account providers).
core::Result<providers::ProviderHttpConfig> provider_http_config(const std::string& key, const std::string& url,
                                                                 const std::map<std::string, std::string>& env,
                                                                 const std::string& key_variable) {
  providers::ProviderHttpConfig out;
  std::string_view rest = std::string_view(url).substr(7);
  const auto slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  out.path_prefix = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  if (!out.path_prefix.empty() && out.path_prefix.back() == '/') out.path_prefix.pop_back();
  const auto colon = hostport.rfind(':');
  out.host = std::string(hostport.substr(0, colon));
  if (colon != std::string_view::npos) {
    unsigned port = 0;
    const auto text = hostport.substr(colon + 1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535) {
      return core::Error{core::Reason::FIELD_INVALID, key + " 的端口不正确", key};
    }
    out.port = static_cast<std::uint16_t>(port);
  }
  if (out.host.empty()) return core::Error{core::Reason::FIELD_INVALID, key + " 缺少主机", key};
  if (auto it = env.find(key_variable); it != env.end()) out.api_key = it->second;
  return out;
}

// providers.face_url -> FaceHttpConfig: the same URL rules as the other providers, plus the app id.
core::Result<providers::FaceHttpConfig> face_http_config(const Config& config, const std::map<std::string, std::string>& env) {
  auto common = provider_http_config("providers.face_url", config.face_url, env, "YIBAO_FACE_API_KEY");
  if (!common) return common.error();
  providers::FaceHttpConfig out;
  out.host = common->host;
  out.port = common->port;
  out.path_prefix = common->path_prefix;
  out.app_id = config.face_app_id;
  out.api_key = common->api_key;
  return out;
}

}  // namespace

std::filesystem::path birth_certificate_fixture(const Config& config) {
  return std::filesystem::path(config.data_dir) / "simulators" / "birth-certificates.jsonl";
}

core::Result<std::unique_ptr<Platform>> Platform::build(const Config& config) {
  std::unique_ptr<Platform> p(new Platform());
  const auto environment = process_environment();

  auto regions = core::RegionDirectory::load(config.regions_file);
  if (!regions) return core::Error{regions.reason(), "无法加载行政区划数据: " + regions.error().detail};
  p->regions_ = std::make_unique<core::RegionDirectory>(std::move(*regions));

  auto secrets = load_or_create_secrets(config.data_dir, environment);
  if (!secrets) return secrets.error();
  p->keys_.code_mac_key = secrets->code_mac_key;
  p->keys_.session_pepper = secrets->session_pepper;

  if (config.face_provider == "http") {
    auto face_config = face_http_config(config, environment);
    if (!face_config) return face_config.error();
    p->face_ = std::make_unique<providers::FaceHttpClient>(*face_config);
  } else {
    providers::FaceSimulatorOptions options;
    options.auto_complete = config.face_simulator_auto;
    options.verify_url_base = "/sim/face-checks";
    auto simulator = std::make_unique<providers::FaceSimulator>(p->clock_, options);
    p->simulator_ = simulator.get();
    p->face_ = std::move(simulator);
  }

  // The birth-certificate register: the simulator with the records seed-demo wrote. (The family
  // account's binding flow, which queries it, builds on this.)
  if (config.birth_certificate_provider == "http") {
    auto http = provider_http_config("providers.birth_certificate_url", config.birth_certificate_url, environment,
                                     "YIBAO_BIRTH_CERTIFICATE_API_KEY");
    if (!http) return http.error();
    p->birth_certificates_ = std::make_unique<providers::BirthCertificateHttpClient>(*http);
  } else {
    auto birth = std::make_unique<providers::BirthCertificateSimulator>();
    if (auto loaded = birth->load(birth_certificate_fixture(config)); !loaded) return loaded.error();
    p->birth_certificates_ = std::move(birth);
  }
  if (config.household_provider == "http") {
    auto http = provider_http_config("providers.household_url", config.household_url, environment,
                                     "YIBAO_HOUSEHOLD_API_KEY");
    if (!http) return http.error();
    p->household_ = std::make_unique<providers::HouseholdHttpClient>(*http);
  } else {
    p->household_ = std::make_unique<providers::HouseholdSimulator>(p->clock_);
  }
  if (config.sms_provider == "http") {
    auto http = provider_http_config("providers.sms_url", config.sms_url, environment, "YIBAO_SMS_API_KEY");
    if (!http) return http.error();
    p->sms_ = std::make_unique<providers::SmsHttpClient>(*http);
  } else {
    p->sms_ = std::make_unique<providers::SmsSimulator>(p->clock_,
                                                         std::filesystem::path(config.data_dir) / "simulators" / "sms.log");
  }

  p->pool_ = store::Pool::open(config.store);  // throws StoreUnavailable
  p->db_ = std::make_unique<store::Database>(*p->pool_);
  if (!config.store_replica_url.empty()) {
    auto replica = config.store;
    replica.url = config.store_replica_url;
    p->replica_pool_ = store::Pool::open(replica);  // throws StoreUnavailable
    p->db_->attach_replica(*p->replica_pool_);
  }
  p->codec_ = std::make_unique<qr::CodeTokenCodec>(p->keys_.code_mac_key);
  p->hasher_ = std::make_unique<services::PasswordHasher>(config.password_hash == "fast" ? services::HashCost::fast
                                                                                         : services::HashCost::interactive);
  p->context_.reset(new services::ServiceContext{*p->db_, p->clock_, *p->regions_, p->keys_, *p->face_, *p->codec_,
                                                 *p->hasher_});
  p->sessions_ = std::make_unique<services::SessionService>(*p->context_);
  p->credentials_ = std::make_unique<services::CredentialService>(*p->context_, *p->sessions_);
  p->codes_ = std::make_unique<services::CodeService>(*p->context_);
  p->agency_ = std::make_unique<services::AgencyService>(*p->context_, *p->sessions_);
  p->agency_admin_ = std::make_unique<services::AgencyAdminService>(*p->context_);
  p->accounts_ = std::make_unique<services::AccountService>(*p->context_);
  p->mutual_aid_ = std::make_unique<services::MutualAidService>(*p->context_);
  p->contributions_ = std::make_unique<services::ContributionService>(*p->context_);
  p->wallet_ = std::make_unique<services::WalletService>(*p->context_);
  // 亲情账户: uploaded 户口簿 pages live under the data directory, outside the web root.
  p->family_ = std::make_unique<services::FamilyService>(
      *p->context_, services::FamilyProviders{*p->household_, *p->birth_certificates_, *p->sms_,
                                              std::filesystem::path(config.data_dir) / "uploads" / "family"});
  return p;
}

}  // namespace yibao::app
