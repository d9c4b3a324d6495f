#include "services/demo_world.h"

#include "services/random_hex.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <utility>

#include <sodium.h>

#include "core/clock.h"
#include "core/id_number.h"
#include "services/account_service.h"
#include "services/family_service.h"
#include "services/wallet_service.h"
#include "store/admin_repo.h"
#include "store/credential_repo.h"
#include "services/catalogue_seed.h"
#include "services/demo_settlements.h"
#include "store/family_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/people_repo.h"

namespace yibao::services {
namespace {

using namespace std::chrono;

constexpr const char* kLoginPassword = "Demo2026yb";
constexpr const char* kPin = "135790";
constexpr const char* kStaffPassword = "Agent2026demo";
constexpr const char* kSeededBy = "demo-seed";

// The same date `n` years earlier (Feb 29 becomes Feb 28 in a common year).
year_month_day years_before(year_month_day d, int n) {
  year_month_day r{d.year() - years{n}, d.month(), d.day()};
  if (!r.ok()) r = year_month_day{r.year(), r.month(), day{28}};
  return r;
}

std::string jan1(year_month_day today, int years_ago) {
  return core::format_date(year_month_day{today.year() - years{years_ago}, January, day{1}});
}


struct EnrolmentSpec {
  std::string insutype;
  std::string admdvs;
  std::string psn_type;
  std::optional<std::string> emp_name;
  std::string start_date;
  std::string benefits_from;
  bool current = false;
};

struct PersonSpec {
  std::string name;
  bool male = true;
  int age = 0;
  int birth_offset_days = 0;  // 0..364: how long ago this year's birthday was
  std::string area;           // first 6 digits of the ID number (place of birth registration)
  std::vector<EnrolmentSpec> enrolments;
  int copies = 1;             // 2 = the same person wrongly recorded twice
  bool activated = false;
  std::optional<std::string> phone;  // with an app account
  std::optional<std::string> frozen_note;
  bool face_failing = false;
  bool newborn = false;  // enrolled from the birth date as 1401 新生儿
  std::int64_t opening_current_fen = 0;  // personal account (职工 only): this year's credits so far
  std::int64_t opening_prior_fen = 0;    // and the balance carried over from earlier years
  std::string note;

  // Filled before the transaction.
  std::string id_number;
  std::string birth_date;
  std::string pin_hash;
  std::string password_hash;
};

struct InstitutionSpec {
  std::string code, name, kind, level, admdvs;
};

struct StaffSpec {
  std::string username, name, admdvs;
  std::string password_hash;
};

struct PolicySpec {
  std::string admdvs, name, knobs;
};

std::vector<PersonSpec> demo_people(year_month_day today) {
  const std::string start = jan1(today, 5);
  auto employee = [&](const std::string& admdvs, std::string emp, bool current = true) {
    return EnrolmentSpec{"310", admdvs, "1101", std::move(emp), start, start, current};
  };
  auto resident = [&](const std::string& admdvs, const std::string& psn_type = "1501", bool current = true) {
    return EnrolmentSpec{"390", admdvs, psn_type, std::nullopt, start, start, current};
  };

  std::vector<PersonSpec> people;
  // a. 张建国's family in Beijing: a family-account holder, his wife, his parents (一老) and
  //    his children (一小) without phones of their own.
  {
    PersonSpec p{.name = "张建国", .male = true, .age = 45, .birth_offset_days = 120, .area = "110105"};
    p.enrolments = {employee("110105", "某科技有限公司")};
    p.activated = true;
    p.phone = "13800000001";
    p.opening_current_fen = 36000;
    p.opening_prior_fen = 568000;  // a large 历年 balance: the mutual-aid authoriser of the demo
    p.note = "职工医保(北京朝阳)，历年账户余额较多，亲情账户户主，可为父母子女办理绑定 / employee, family-account holder";
    people.push_back(std::move(p));
  }
  {
    PersonSpec p{.name = "李秀英", .male = false, .age = 43, .birth_offset_days = 200, .area = "110105"};
    p.enrolments = {resident("110105")};
    p.activated = true;
    p.phone = "13800000002";
    p.note = "城乡居民(北京朝阳)，张建国之妻 / resident, 张建国's wife";
    people.push_back(std::move(p));
  }
  {
    PersonSpec p{.name = "张德福", .male = true, .age = 78, .birth_offset_days = 40, .area = "110105"};
    p.enrolments = {resident("110105")};
    p.note = "张建国之父，无手机，未激活 (一老) / father, no phone, not activated";
    people.push_back(std::move(p));
  }
  {
    PersonSpec p{.name = "王桂兰", .male = false, .age = 76, .birth_offset_days = 300, .area = "110105"};
    p.enrolments = {resident("110105")};
    p.note = "张建国之母，无手机，未激活 (一老) / mother, no phone, not activated";
    people.push_back(std::move(p));
  }
  {
    PersonSpec p{.name = "张小宇", .male = true, .age = 10, .birth_offset_days = 60, .area = "110105"};
    p.enrolments = {resident("110105", "1403")};
    p.note = "张建国之子，中小学生，未满16岁绑定无需人脸 (一小) / son, under 16";
    people.push_back(std::move(p));
  }
  {
    PersonSpec p{.name = "张晓雨", .male = false, .age = 17, .birth_offset_days = 150, .area = "110105"};
    p.enrolments = {resident("110105", "1403")};
    p.note = "张建国之女，已满16岁，绑定时须本人人脸核验 / daughter, 16+, must pass face herself";
    people.push_back(std::move(p));
  }
  // b. 王芳: enrolled in two places (医保码显示多个参保地).
  {
    PersonSpec p{.name = "王芳", .male = false, .age = 35, .birth_offset_days = 90, .area = "440305"};
    p.enrolments = {EnrolmentSpec{"390", "440305", "1501", std::nullopt, jan1(today, 8), jan1(today, 8), false},
                    EnrolmentSpec{"310", "310104", "1101", "某贸易有限公司", jan1(today, 3), jan1(today, 3), true}};
    p.activated = true;
    p.phone = "13800000003";
    p.opening_current_fen = 15000;
    p.opening_prior_fen = 123450;
    p.note = "两个参保地(上海职工 当前 + 深圳居民)，可切换当前参保地 / two enrolments, switch the current one";
    people.push_back(std::move(p));
  }
  // c. 刘洋: the same person recorded twice (存在多个基本信息).
  {
    PersonSpec p{.name = "刘洋", .male = true, .age = 52, .birth_offset_days = 10, .area = "440305"};
    p.enrolments = {employee("440305", "某物流有限公司")};
    p.copies = 2;
    p.note = "重复人员信息(两条记录同一身份证号)，激活被拒 PERSON_DUPLICATED，深圳经办员合并 / duplicated record";
    people.push_back(std::move(p));
  }
  // d. 陈静: activated, then frozen by the agency.
  {
    PersonSpec p{.name = "陈静", .male = false, .age = 29, .birth_offset_days = 250, .area = "440305"};
    p.enrolments = {resident("440305")};
    p.activated = true;
    p.phone = "13800000004";
    p.frozen_note = "涉嫌冒用他人医保凭证，待核查（演示）";
    p.note = "凭证已冻结 CREDENTIAL_FROZEN，深圳经办员可解冻 / frozen credential";
    people.push_back(std::move(p));
  }
  // e. 赵敏: face verification has been failing for 30 hours: offline activation by the agency.
  {
    PersonSpec p{.name = "赵敏", .male = false, .age = 40, .birth_offset_days = 180, .area = "310104"};
    p.enrolments = {employee("310104", "某设计有限公司")};
    p.face_failing = true;
    p.opening_prior_fen = 52000;
    p.note = "人脸核验持续失败已超24小时，上海经办员线下激活 / offline activation by sh_agent";
    people.push_back(std::move(p));
  }
  // f. 孙丽: resident enrolled outside the collection window: in the waiting period.
  {
    PersonSpec p{.name = "孙丽", .male = false, .age = 31, .birth_offset_days = 30, .area = "440305"};
    const year_month_day enrolled{sys_days{today} - days{20}};
    const year_month_day benefits{sys_days{enrolled} + days{90}};
    p.enrolments = {EnrolmentSpec{"390", "440305", "1501", std::nullopt, core::format_date(enrolled),
                                  core::format_date(benefits), true}};
    p.activated = true;
    p.phone = "13800000005";
    p.note = "集中征缴期外参保，待遇等待期90天内 / resident in the 90-day waiting period";
    people.push_back(std::move(p));
  }
  // g. 吴婷: a mother-to-be who will bind her newborn by birth certificate.
  {
    PersonSpec p{.name = "吴婷", .male = false, .age = 28, .birth_offset_days = 70, .area = "440305"};
    p.enrolments = {resident("440305")};
    p.activated = true;
    p.phone = "13800000006";
    p.note = "新手妈妈，可凭出生医学证明为新生儿办理绑定 / binds her newborn by birth certificate";
    people.push_back(std::move(p));
  }
  // h. 吴小满: 吴婷's baby, born 20 days ago, already 落户 and enrolled as a newborn (1401); the
  //    出生医学证明 is registered with the birth-certificate simulator (see seed-demo).
  {
    PersonSpec p{.name = "吴小满", .male = true, .age = 0, .birth_offset_days = 20, .area = "440305"};
    p.newborn = true;
    p.note = "新生儿，有出生医学证明，可由妈妈吴婷凭证绑定 / newborn with a birth certificate";
    people.push_back(std::move(p));
  }
  // i. 张建华: 张建国's sister, a resident insured in 上海 — the 2026 cross-province 家庭共济: her
  //    brother in 北京 set her a 共济额度 in his 医保钱包, which a 上海 pharmacy draws on.
  {
    PersonSpec p{.name = "张建华", .male = false, .age = 50, .birth_offset_days = 210, .area = "310104"};
    p.enrolments = {resident("310104", "1501")};
    p.activated = true;
    p.phone = "13800000007";
    p.note = "张建国之姐，上海城乡居民，哥哥在北京为她设置了医保钱包共济额度 500.00 元 / cross-province wallet quota";
    people.push_back(std::move(p));
  }

  // ID numbers: area + birth date + sequence (odd = male) + check character.
  int sequence = 100;
  for (auto& p : people) {
    const year_month_day birth{sys_days{years_before(today, p.age)} - days{p.birth_offset_days}};
    sequence += 2;
    const int seq = p.male ? sequence + 1 : sequence;
    std::string date = core::format_date(birth);  // yyyy-MM-dd
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    char seq_text[8];
    std::snprintf(seq_text, sizeof seq_text, "%03d", seq % 1000);
    const std::string first17 = p.area + date + seq_text;
    p.id_number = first17 + core::id_check_char(first17);
    p.birth_date = core::format_date(birth);
    if (p.newborn) p.enrolments = {EnrolmentSpec{"390", p.area, "1401", std::nullopt, p.birth_date, p.birth_date, true}};
  }
  return people;
}

const std::vector<PolicySpec>& demo_policies() {
  static const std::vector<PolicySpec> policies = {
      {"110000", "北京市（示范：家庭共济须备案）",
       R"({"mutual_aid_filing":true,"family_use_scope":"same_province","mutual_aid_waiting_days":30})"},
      {"310000", "上海市（示范：仅共济历年账户）",
       R"({"mutual_aid_source":"prior_years","mutual_aid_relations":["spouse","parent","child","grandparent","grandchild"],"pin_lock_minutes":30})"},
      {"440300", "深圳市（示范：全国默认政策）", "{}"},
  };
  return policies;
}

const std::vector<InstitutionSpec>& demo_institutions() {
  static const std::vector<InstitutionSpec> institutions = {
      {"H11010500001", "北京市朝阳区第一人民医院（演示）", "hospital", "3", "110105"},
      {"H44030500002", "深圳市南山区桃源社区健康服务中心（演示）", "hospital", "1", "440305"},
      {"P11010500003", "朝阳区康宁大药房（演示）", "pharmacy", "", "110105"},
      {"P31010400004", "上海市徐汇区益民大药房（演示）", "pharmacy", "", "310104"},
  };
  return institutions;
}

std::vector<StaffSpec> demo_staff() {
  return {{"bj_agent", "北京市医保经办员", "110000", ""},
          {"sh_agent", "上海市医保经办员", "310000", ""},
          {"sz_agent", "深圳市医保经办员", "440300", ""}};
}

long long count_persons(store::Tx& tx) {
  long long n = 0;
  tx.run("SELECT COUNT(*) FROM persons", soci::into(n));
  return n;
}

}  // namespace

namespace {

// 医保钱包 (issue 16): 张建国 (北京) and his sister 张建华 (上海) have opened theirs, and he holds
// 500.00 of his 历年 for her as a 共济额度 — through the wallet's own use cases, so the demo's
// holds are made as the app makes them.
void seed_demo_wallets(ServiceContext& ctx, const DemoSummary& summary) {
  std::map<std::string, std::int64_t> ids;
  ctx.db.read([&](store::Tx& tx) {
    for (const auto& p : summary.people) {
      if (p.name != "张建国" && p.name != "张建华") continue;
      if (auto row = store::PeopleRepo::person_by_psn_no(tx, p.psn_no)) ids[p.name] = row->id;
    }
  });
  if (ids.size() != 2) throw std::runtime_error("seed-demo: 张建国 or 张建华 missing for the wallet demo");
  WalletService wallet(ctx);
  const auto giver = ids.at("张建国"), sister = ids.at("张建华");
  auto opened = wallet.open(giver, "app");
  if (opened.ok()) opened = wallet.open(sister, "app");
  if (!opened.ok()) throw std::runtime_error("seed-demo: wallet: " + std::string(core::info(opened.reason()).code));
  auto quota = wallet.set_quota(giver, sister, 50000);
  if (!quota) throw std::runtime_error("seed-demo: quota: " + std::string(core::info(quota.reason()).code));
}

}  // namespace

DemoSummary seed_demo_world(ServiceContext& ctx) {
  // Cheap check first: a seeded store costs no hashing.
  if (ctx.db.read([](store::Tx& tx) { return count_persons(tx); }) > 0) return {};

  const auto now_tp = ctx.clock.now();
  const std::int64_t now = now_us(ctx.clock);
  const year_month_day today = core::shanghai_date(now_tp);

  // Everything slow (argon2) happens before the write lock is taken. Each secret gets its own
  // salt, even where the demo password is the same.
  std::vector<PersonSpec> people = demo_people(today);
  for (auto& p : people) {
    if (p.activated) p.pin_hash = ctx.hasher.hash(kPin);
    if (p.phone) p.password_hash = ctx.hasher.hash(kLoginPassword);
  }
  std::vector<StaffSpec> staff = demo_staff();
  for (auto& s : staff) s.password_hash = ctx.hasher.hash(kStaffPassword);
  std::vector<std::string> secrets;
  for (std::size_t i = 0; i < demo_institutions().size(); ++i) secrets.push_back(random_hex(32));

  const std::int64_t face_failing_since = now - duration_cast<microseconds>(hours{30}).count();

  DemoSummary seeded = ctx.db.write([&](store::Tx& tx) {
    DemoSummary summary;
    if (count_persons(tx) > 0) return summary;  // another instance seeded meanwhile
    summary.seeded = true;

    seed_catalogue(tx);
    for (const auto& policy : demo_policies()) {
      if (store::AdminRepo::policy(tx, policy.admdvs)) continue;  // keep a region's own policy
      store::AdminRepo::save_policy(
          tx, store::PolicyRow{policy.admdvs, policy.name, policy.knobs, 1, now, kSeededBy}, "演示数据初始化 / demo seed");
    }

    const auto& institutions = demo_institutions();
    for (std::size_t i = 0; i < institutions.size(); ++i) {
      const auto& spec = institutions[i];
      std::string secret = secrets[i];
      if (auto existing = store::InstitutionRepo::find(tx, spec.code)) {
        secret = existing->secret;  // keep the key the institution already has
      } else {
        store::InstitutionRepo::upsert(
            tx, store::InstitutionRow{spec.code, spec.name, spec.kind, spec.level, spec.admdvs, secret, "active"}, now);
      }
      summary.institutions.push_back({spec.code, spec.name, secret});
    }

    for (const auto& s : staff) {
      if (store::AdminRepo::staff_by_username(tx, s.username)) continue;  // its password is not ours to report
      store::AdminRepo::insert_staff(tx, store::StaffRow{0, s.username, s.name, s.password_hash, s.admdvs}, now);
      summary.staff.push_back({s.username, kStaffPassword, s.admdvs, s.name});
    }

    std::map<std::string, std::int64_t> person_ids;  // first record of each name
    for (const auto& p : people) {
      const EnrolmentSpec* current = &p.enrolments.front();
      for (const auto& e : p.enrolments) {
        if (e.current) current = &e;
      }
      for (int copy = 0; copy < p.copies; ++copy) {
        store::PersonRow row;
        row.psn_no = store::PeopleRepo::next_psn_no(tx, current->admdvs);
        row.id_number = p.id_number;
        row.name = p.name;
        row.gend = p.male ? "1" : "2";
        row.birth_date = p.birth_date;
        row.phone = p.phone;
        row.created_at_us = now;
        const std::int64_t person_id = store::PeopleRepo::insert_person(tx, row);
        person_ids.emplace(p.name, person_id);

        for (const auto& e : p.enrolments) {
          store::EnrolmentRow enrolment;
          enrolment.person_id = person_id;
          enrolment.insutype = e.insutype;
          enrolment.admdvs = e.admdvs;
          enrolment.psn_type = e.psn_type;
          enrolment.status = "normal";
          enrolment.start_date = e.start_date;
          enrolment.benefits_from = e.benefits_from;
          enrolment.emp_name = e.emp_name;
          enrolment.is_current = &e == current;
          enrolment.created_at_us = now;
          store::PeopleRepo::insert_enrolment(tx, enrolment);
        }

        store::CredentialRow credential = store::CredentialRepo::ensure_for_person(tx, person_id, now);
        if (p.activated) {
          credential.state = "active";
          credential.pin_hash = p.pin_hash;
          credential.activated_at_us = now;
        }
        if (p.frozen_note) {
          credential.state = "frozen";
          credential.state_note = *p.frozen_note;
        }
        if (p.face_failing) credential.face_failing_since_us = face_failing_since;
        credential.updated_at_us = now;
        store::CredentialRepo::update(tx, credential);
        if (p.activated) store::CredentialRepo::activate_channel(tx, credential.id, "app", "face", now);

        if (p.phone) {
          store::PeopleRepo::insert_account(tx, store::AccountRow{person_id, *p.phone, p.password_hash}, now);
        }
        if (p.opening_current_fen > 0 || p.opening_prior_fen > 0) {
          // Opening balances, posted like any other money: balanced ledger transfers.
          ensure_personal_accounts(tx, person_id, current->admdvs, now);
          const auto income = store::LedgerRepo::ensure_account(tx, contribution_income_code(current->admdvs),
                                                                "contribution_income", std::nullopt, current->admdvs,
                                                                false, now);
          store::TransferRequest opening;
          opening.idempotency_key = "demo_opening:" + std::to_string(person_id);
          opening.kind = "correction";
          opening.reference = "demo";
          opening.note = "演示数据：期初余额";
          if (p.opening_current_fen > 0) {
            opening.legs.push_back(store::LedgerLeg{income.id, store::LedgerRepo::account(tx, current_account_code(person_id))->id,
                                                    p.opening_current_fen, "demo:opening_current"});
          }
          if (p.opening_prior_fen > 0) {
            opening.legs.push_back(store::LedgerLeg{income.id, store::LedgerRepo::account(tx, prior_account_code(person_id))->id,
                                                    p.opening_prior_fen, "demo:opening_prior"});
          }
          (void)store::LedgerRepo::post(tx, opening, now);
        }

        std::string note = p.note;
        if (p.copies > 1) note += " [记录 " + std::to_string(copy + 1) + "/" + std::to_string(p.copies) + "]";
        summary.people.push_back({p.name, p.id_number, row.psn_no, note});
      }
      if (p.phone) summary.logins.push_back({p.name, *p.phone, kLoginPassword, kPin, p.note});
    }

    // 亲情账户: 张建国 acts for his 10-year-old son 张小宇 (bound, no face check under 16), and
    // once bound his father 张德福, which the agency later ended — the reason stays answerable.
    auto demo_binding = [&](const std::string& member, const std::string& relation, std::int64_t bound_at) {
      store::FamilyBindingRow b;
      b.holder_person_id = person_ids.at("张建国");
      b.member_person_id = person_ids.at(member);
      b.route = "id_number";
      b.relation = relation;
      b.status = "draft";
      b.channel = "app";
      b.member_name = member;
      for (const auto& p : people) {
        if (p.name == member) b.member_id_number = p.id_number;
      }
      b.created_at_us = bound_at;
      const auto holder = store::PeopleRepo::person_by_id(tx, b.holder_person_id);
      b.document_sha256 = commitment_sha256_of(b, holder->name, holder->id_number);
      b.id = store::FamilyRepo::insert(tx, b);
      const auto when = core::shanghai_date(std::chrono::system_clock::time_point{std::chrono::microseconds{bound_at}});
      store::FamilyRepo::activate(tx, b.id, bound_at, core::format_date(when).substr(0, 7));
      return b.id;
    };
    constexpr std::int64_t kDayUs = 86'400'000'000LL;
    demo_binding("张小宇", "child", now - 30 * kDayUs);
    // Bound months ago: this month's binding limit is untouched by her.
    demo_binding("张建华", "sibling", now - 100 * kDayUs);
    const auto father = demo_binding("张德福", "parent", now - 60 * kDayUs);
    store::FamilyRepo::unbind(tx, father, "system_forced", "演示：户籍信息核查中，经办机构强制解除，核查后可重新添加",
                              "staff:bj_agent", now - 20 * kDayUs);
    // 吴小满's 出生医学证明, for the birth-certificate simulator.
    const PersonSpec* mother = nullptr;
    const PersonSpec* baby = nullptr;
    for (const auto& p : people) {
      if (p.name == "吴婷") mother = &p;
      if (p.newborn) baby = &p;
    }
    if (mother != nullptr && baby != nullptr) {
      summary.birth_certificates.push_back(providers::BirthCertificate{
          "Q" + baby->area + "001", baby->name, baby->id_number, baby->male ? "1" : "2", baby->birth_date,
          "深圳市南山区妇幼保健院（演示）", mother->name, mother->id_number, "周强"});
    }
    return summary;
  });
  // A settled visit or two, so the spending pages have data (through the institution use cases).
  if (seeded.seeded) {
    seed_demo_settlements(ctx, seeded);
    seed_demo_wallets(ctx, seeded);
  }
  return seeded;
}

std::string render_demo_summary(const DemoSummary& s) {
  std::string out;
  out += "==== yibao 演示数据 / demo world ====\n";
  if (!s.seeded) {
    out += "库中已有人员，未写入演示数据 / the store already has persons: demo world not seeded\n";
    return out;
  }
  out += "以下人员与机构均为虚构，仅供演示 / fictional people and institutions, for demos only\n";
  out += "使用说明见 docs/DEMO.md / walkthrough: docs/DEMO.md\n";

  out += "\n# 登录账号 / logins — POST /api/v1/sessions {\"method\":\"account\",\"phone\",\"password\"}, X-Channel: app\n";
  out += "# login <手机号 phone> password <登录密码> pin <凭证密码 PIN> | <姓名 who> | <说明 note>\n";
  for (const auto& l : s.logins) {
    out += "login " + l.phone + " password " + l.password + " pin " + l.pin + " | " + l.who + " | " + l.note + "\n";
  }

  out += "\n# 人员 / people (身份证号随当前日期生成 / ID numbers follow today's date)\n";
  out += "# person <人员编号 psn_no> id_number <身份证号> | <姓名 name> | <说明 note>\n";
  for (const auto& p : s.people) {
    out += "person " + p.psn_no + " id_number " + p.id_number + " | " + p.name + " | " + p.note + "\n";
  }

  out += "\n# 经办人员 / agency staff — POST /api/agency/v1/sessions {\"username\",\"password\"}\n";
  out += "# staff <用户名 username> password <密码> admdvs <所辖区划> | <姓名 name>\n";
  for (const auto& st : s.staff) {
    out += "staff " + st.username + " password " + st.password + " admdvs " + st.admdvs + " | " + st.name + "\n";
  }

  out += "\n# 定点医药机构 / institutions — x-tif-paasid = code, x-tif-signature key = secret (scripts/demo-decode)\n";
  out += "# institution <机构编码 code> secret <密钥 hex> | <名称 name>\n";
  for (const auto& i : s.institutions) {
    out += "institution " + i.code + " secret " + i.secret + " | " + i.name + "\n";
  }  if (!s.birth_certificates.empty()) {
    out += "\n# 出生医学证明 / birth certificates (birth-certificate simulator)\n";
    out += "# birth_certificate <证明编号> mother_id_number <母亲身份证号> | <新生儿> | <母亲>\n";
    for (const auto& c : s.birth_certificates) {
      out += "birth_certificate " + c.certificate_no + " mother_id_number " + c.mother_id_number + " | " + c.baby_name +
             " | " + c.mother_name + "\n";
    }
  }

  out += "\n# 扫码查药 / drug trace codes to look up in the app (首页 → 扫码查药)\n";
  out += "drug_trace " + std::string(kDemoBoxSoldOnce) + " | 售出 1 次（李秀英的止咳药）\n";
  out += "drug_trace " + std::string(kDemoBoxSoldTwice) + " | 售出 2 次：可能为回流药\n";
  out += "drug_trace " + std::string(kDemoBoxNeverSold) + " | 没有销售记录\n";

  return out;
}

}  // namespace yibao::services
