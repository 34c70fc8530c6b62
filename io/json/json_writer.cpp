#include "io/json/json_writer.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace sdemig::json {
namespace {

constexpr std::array<bool, 256> make_escape_table() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  table[0xED] = true;  // may start a lone surrogate (WTF-8): written back as its escape
  return table;
}
constexpr auto needs_escape = make_escape_table();

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      static constexpr char hex[] = "0123456789abcdef";
      const char seq[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
      out.append(seq, sizeof seq);
    }
  }
}

void append_key(std::string& out, std::string_view key) {
  append_string(out, key);
  out += ':';
}

void append_params(std::string& out, const std::vector<param>& params,
                   const write_options& options) {
  out += '{';
  bool first = true;
  for (const param& p : params) {
    if (!first) out += ',';
    first = false;
    append_key(out, p.key);
    const bool secret = (options.redact_secrets || options.mask_secrets) && is_secret(p) &&
                        p.value.type != json_type::null;
    if (!secret) {
      append_scalar(out, p.value);
    } else if (options.redact_secrets) {
      out += "null";
    } else {
      append_string(out, masked_secret);
    }
  }
  out += '}';
}

}  // namespace

void append_string(std::string& out, std::string_view utf8) {
  out += '"';
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (!needs_escape[c]) continue;
    if (c == 0xED) {  // U+D000..U+D7FF are ED 80..9F; a surrogate is ED A0..BF xx
      const auto next = i + 2 < utf8.size() ? static_cast<unsigned char>(utf8[i + 1]) : 0u;
      if (next < 0xA0 || next > 0xBF) continue;
      const unsigned cp =
          0xD000u | ((next & 0x3Fu) << 6) | (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
      static constexpr char hex[] = "0123456789abcdef";
      out.append(utf8.data() + run_start, i - run_start);
      const char seq[] = {
          '\\', 'u', hex[cp >> 12], hex[(cp >> 8) & 0xf], hex[(cp >> 4) & 0xf], hex[cp & 0xf]};
      out.append(seq, sizeof seq);
      i += 2;
      run_start = i + 1;
      continue;
    }
    out.append(utf8.data() + run_start, i - run_start);
    append_escape(out, c);
    run_start = i + 1;
  }
  out.append(utf8.data() + run_start, utf8.size() - run_start);
  out += '"';
}

void append_scalar(std::string& out, const scalar& value) {
  switch (value.type) {
    case json_type::string:
      append_string(out, value.text);
      return;
    case json_type::integer:
    case json_type::number:
    case json_type::boolean:
      out += value.text;
      return;
    case json_type::null:
      out += "null";
      return;
  }
}

void append_connector(std::string& out, const connector& c, const write_options& options) {
  out += '{';
  if (!options.kind_member.empty()) {
    append_key(out, "kind");
    append_string(out, options.kind_member);
    out += ',';
  }
  if (!options.api_member.empty()) {
    append_key(out, "api");
    append_string(out, options.api_member);
    out += ',';
  }
  if (options.include_id && c.id) {
    out += "\"id\":";
    out += std::to_string(*c.id);
    out += ',';
  }
  append_key(out, "name");
  append_string(out, c.name);
  out += ",\"system\":{\"id\":";
  append_string(out, c.system.id);
  if (!options.system_id_only) {
    if (c.system.short_name) {
      out += ",\"short_name\":";
      append_string(out, *c.system.short_name);
    }
    if (!c.system.name.empty()) {
      out += ",\"name\":";
      append_string(out, c.system.name);
    }
  }
  out += '}';
  if (c.inaccessible) {
    out += ",\"inaccessible\":";
    out += *c.inaccessible ? "true" : "false";
  }
  if (c.params) {
    out += ",\"params\":";
    append_params(out, *c.params, options);
  }
  for (const raw_field& field : c.extra) {
    out += ',';
    append_key(out, field.key);
    out += field.json;
  }
  out += '}';
}

void append_page(std::string& out, const connector_page& page, const write_options& options) {
  out += '{';
  if (page.count) {
    out += "\"count\":";
    out += std::to_string(*page.count);
    out += ',';
  }
  if (page.paginated) {
    out += "\"next\":";
    page.next ? append_string(out, *page.next) : void(out += "null");
    out += ",\"previous\":";
    page.previous ? append_string(out, *page.previous) : void(out += "null");
    out += ',';
  }
  out += "\"results\":[";
  for (std::size_t i = 0; i < page.results.size(); ++i) {
    if (i) out += ',';
    append_connector(out, page.results[i], options);
  }
  out += "]}";
}

std::string to_json(const connector& c, const write_options& options) {
  std::string out;
  out.reserve(512);
  append_connector(out, c, options);
  return out;
}

}  // namespace sdemig::json

namespace sdemig::json {

void writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (first_.back() == '1') {
      first_.back() = '0';
    } else {
      out_ += ',';
    }
  }
}

void writer::open(char c) {
  before_value();
  out_ += c;
  first_ += '1';
}

void writer::close(char c) {
  out_ += c;
  if (!first_.empty()) first_.pop_back();
}

void writer::key(std::string_view k) {
  before_value();
  append_string(out_, k);
  out_ += ':';
  after_key_ = true;
}

void writer::value(std::string_view s) {
  before_value();
  append_string(out_, s);
}

void writer::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void writer::value(double d) {
  before_value();
  if (!std::isfinite(d)) {
    out_ += "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", d);
  out_ += buf;
}

void writer::value(std::int64_t n) {
  before_value();
  out_ += std::to_string(n);
}

void writer::value(std::uint64_t n) {
  before_value();
  out_ += std::to_string(n);
}

void writer::null() {
  before_value();
  out_ += "null";
}

void writer::raw(std::string_view json) {
  before_value();
  out_ += json;
}

void writer::connector_value(const connector& c, const write_options& options) {
  before_value();
  append_connector(out_, c, options);
}

void writer::scalar_value(const scalar& s) {
  before_value();
  append_scalar(out_, s);
}

}  // namespace sdemig::json
