#include "core/clock.h"

namespace yibao::core {
namespace {

using namespace std::chrono;

// Appends `value` as exactly `width` decimal digits (zero-padded; higher digits dropped).
void put(std::string& out, long long value, int width) {
  if (value < 0) value = 0;
  std::string digits(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out += digits;
}

struct Fields {
  year_month_day date;
  hh_mm_ss<milliseconds> time;
};

Fields split(TimePoint t, hours offset) {
  const auto local = floor<milliseconds>(t) + offset;
  const auto day_start = floor<days>(local);
  return Fields{year_month_day{day_start}, hh_mm_ss<milliseconds>{local - day_start}};
}

void put_date(std::string& out, year_month_day d, std::string_view separator) {
  put(out, static_cast<int>(d.year()), 4);
  out += separator;
  put(out, static_cast<unsigned>(d.month()), 2);
  out += separator;
  put(out, static_cast<unsigned>(d.day()), 2);
}

void put_time(std::string& out, const hh_mm_ss<milliseconds>& t, std::string_view separator) {
  put(out, t.hours().count(), 2);
  out += separator;
  put(out, t.minutes().count(), 2);
  out += separator;
  put(out, t.seconds().count(), 2);
}

// Reads `count` ASCII digits at `pos`, or -1.
int digits(std::string_view s, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

Error bad(std::string_view expected) {
  return Error{Reason::FIELD_INVALID, "日期时间格式应为 " + std::string(expected)};
}

}  // namespace

year_month_day shanghai_date(TimePoint t) { return split(t, kShanghaiOffset).date; }

std::string format_shanghai_datetime(TimePoint t) {
  const Fields f = split(t, kShanghaiOffset);
  std::string out;
  put_date(out, f.date, "-");
  out += ' ';
  put_time(out, f.time, ":");
  return out;
}

std::string format_shanghai_compact(TimePoint t) {
  const Fields f = split(t, kShanghaiOffset);
  std::string out;
  put_date(out, f.date, "");
  put_time(out, f.time, "");
  return out;
}

std::string format_shanghai_compact_ms(TimePoint t) {
  const Fields f = split(t, kShanghaiOffset);
  std::string out = format_shanghai_compact(t);
  put(out, f.time.subseconds().count(), 3);
  return out;
}

std::string iso_utc(TimePoint t) {
  const Fields f = split(t, hours{0});
  std::string out;
  put_date(out, f.date, "-");
  out += 'T';
  put_time(out, f.time, ":");
  out += '.';
  put(out, f.time.subseconds().count(), 3);
  out += 'Z';
  return out;
}

Result<year_month_day> parse_date(std::string_view text) {
  constexpr std::string_view kFormat = "yyyy-MM-dd";
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad(kFormat);
  const int y = digits(text, 0, 4);
  const int m = digits(text, 5, 2);
  const int d = digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return bad(kFormat);
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return Error{Reason::FIELD_INVALID, "日期不存在：" + std::string(text)};
  return date;
}

std::string format_date(year_month_day date) {
  std::string out;
  put_date(out, date, "-");
  return out;
}

Result<TimePoint> parse_shanghai_datetime(std::string_view text) {
  constexpr std::string_view kFormat = "yyyy-MM-dd HH:mm:ss";
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') return bad(kFormat);
  auto date = parse_date(text.substr(0, 10));
  if (!date) return date.error();
  const int h = digits(text, 11, 2);
  const int mi = digits(text, 14, 2);
  const int s = digits(text, 17, 2);
  // No leap seconds: system_clock does not count them either.
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return bad(kFormat);
  const auto local = sys_days{*date} + hours{h} + minutes{mi} + seconds{s};
  return TimePoint{local - kShanghaiOffset};
}

}  // namespace yibao::core
