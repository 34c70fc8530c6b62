#include "engine/planning/fingerprint.hpp"

#include <algorithm>

#include "io/files/sha256.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

void blank_secrets(std::optional<std::vector<param>>& params) {
  if (!params) return;
  for (param& p : *params) {
    if (is_secret(p)) p.value = scalar::null();
  }
}

void write_params(json::writer& w, const std::optional<std::vector<param>>& params) {
  if (!params) return;  // not shown: no member
  std::vector<const param*> sorted;
  for (const param& p : *params) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(),
            [](const param* a, const param* b) { return a->key < b->key; });
  w.key("params");
  w.begin_object();
  for (const param* p : sorted) {
    w.key(p->key);
    if (is_secret(*p)) {
      w.null();
    } else {
      w.scalar_value(p->value);
    }
  }
  w.end_object();
}

std::string digest(json::writer& w) {
  return "sha256:" + files::sha256_hex(w.take());
}

}  // namespace

connector without_secrets(connector c) {
  blank_secrets(c.params);
  return c;
}

connection without_secrets(connection c) {
  blank_secrets(c.params);
  return c;
}

std::string fingerprint(const connector& c) {
  json::writer w;
  w.begin_object();
  w.member("id", c.id);
  w.member("name", c.name);
  w.member("system", c.system.id);
  if (c.inaccessible) w.member("inaccessible", *c.inaccessible);
  write_params(w, c.params);
  w.end_object();
  return digest(w);
}

std::string fingerprint(const connection& c, const std::vector<std::string>& keys) {
  json::writer w;
  w.begin_object();
  w.member("id", c.id);
  w.member("alias", c.alias);
  w.member("connector", c.connector);
  w.member("project", c.project);
  w.member("frequency", c.frequency);
  if (c.debug_mode) w.member("debug_mode", *c.debug_mode);
  std::optional<std::vector<param>> sent;
  if (c.params) {
    sent.emplace();
    for (const param& p : *c.params)
      if (std::find(keys.begin(), keys.end(), p.key) != keys.end()) sent->push_back(p);
  }
  write_params(w, sent);
  w.end_object();
  return digest(w);
}

}  // namespace sdemig::engine
