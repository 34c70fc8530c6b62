#include "engine/commands/backup_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>

#include "engine/commands/commands.hpp"
#include "engine/connections/connection_backup.hpp"
#include "engine/connections/connection_export.hpp"
#include "engine/connectors/connector_backup.hpp"
#include "engine/run/report.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/read_file.hpp"
#include "io/json/json_writer.hpp"
#include "io/json/padding.hpp"
#include "io/net/core/url.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

bool holds_value(const param& p) {
  return is_secret(p) && !secret_unknown(p);
}

void write_section(json::writer& w, const inventory& connectors,
                   const std::vector<connection_record>& connections, bool include_secrets) {
  w.begin_object();
  json::write_options options;
  options.redact_secrets = !include_secrets;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    w.key(to_string(kind));
    w.begin_array();
    for (const connector& c : connectors.of(kind)) {
      std::string one;
      json::append_connector(one, c, options);
      w.raw(one);
    }
    w.end_array();
  }
  w.key("connections");
  w.begin_array();
  for (const connection_record& r : connections)
    write_connection_record(w, r, false, include_secrets);
  w.end_array();
  w.end_object();
}

// Each before-image is an update's: a positive id that exactly one written
// item names, and every written item with an id has its before-image. A
// backup where they disagree would restore (or delete) the wrong item.
template <class Ids>
void check_pairs(const std::string& file, const std::string& where, const Ids& before,
                 const Ids& written) {
  std::map<std::int64_t, int> seen;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const std::optional<std::int64_t>& id = before[i];
    if (!id || *id <= 0)
      throw usage_error(printable(file) + ": before." + where + "[" + std::to_string(i) +
                        "]: a before-image needs the target's id (a positive integer)");
    if (++seen[*id] > 1)
      throw usage_error(printable(file) + ": before." + where + "[" + std::to_string(i) + "]: id " +
                        std::to_string(*id) + " is there twice");
  }
  std::map<std::int64_t, int> named;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const std::optional<std::int64_t>& id = written[i];
    if (!id) continue;  // a create
    if (!seen.contains(*id) || ++named[*id] > 1)
      throw usage_error(printable(file) + ": written." + where + "[" + std::to_string(i) +
                        "]: id " + std::to_string(*id) +
                        (seen.contains(*id) ? " is written twice" : " has no before-image"));
  }
  for (const auto& [id, n] : seen) {
    if (!named.contains(id))
      throw usage_error(printable(file) + ": before." + where + ": id " + std::to_string(id) +
                        " is not among the written items");
  }
}

void check_ids(const std::string& file, const backup_contents& b) {
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    std::vector<std::optional<std::int64_t>> before, written;
    for (const connector& c : b.before.of(kind)) before.push_back(c.id);
    for (const connector& c : b.written.of(kind)) written.push_back(c.id);
    check_pairs(file, std::string(to_string(kind)), before, written);
    before.clear();
    written.clear();
    for (const connection_record& r : b.before_connections)
      if (r.kind == kind) before.push_back(r.value.id);
    for (const connection_record& r : b.written_connections)
      if (r.kind == kind) written.push_back(r.value.id);
    check_pairs(file, "connections (" + std::string(to_string(kind)) + ")", before, written);
  }
}

[[noreturn]] void cannot(const std::string& path, const std::string& why) {
  throw usage_error("--backup " + printable(path) + ": " + why);
}

void check_new_path(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    cannot(path, S_ISDIR(st.st_mode) ? "is a folder, not a file"
                                     : "exists: a backup is never overwritten (name a new file)");
  }
  if (errno != ENOENT) cannot(path, std::strerror(errno));
}

}  // namespace

bool backup_contents::holds_secrets() const {
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : before.of(kind)) {
      for (const param& p : c.params.value_or(std::vector<param>{}))
        if (holds_value(p)) return true;
    }
  }
  for (const connection_record& r : before_connections) {
    for (const param& p : r.value.params.value_or(std::vector<param>{}))
      if (holds_value(p)) return true;
  }
  return false;
}

std::size_t backup_contents::items() const {
  return written.alm.size() + written.analysis.size() + written_connections.size();
}

backup_file::backup_file(std::string path) : path_(std::move(path)) {
  if (path_.empty()) cannot(path_, "an empty path");
  check_new_path(path_);
  // The folder must take a new file: made and removed now, before any request.
  try {
    files::atomic_file probe(path_, files::file_access::owner);
  } catch (const std::system_error& e) {
    cannot(path_, e.code().message());
  }
}

bool backup_file::write(const backup_contents& b) {
  json::writer w;
  w.begin_object();
  w.member("format", json::backup_format);
  w.member("target", b.header.target);
  w.member("api", to_string(b.api));
  w.member("taken_at", b.header.taken_at);
  w.member("command", b.header.command);
  const bool secrets = b.holds_secrets();
  w.member("secrets", secrets ? "the before-images hold the secret values the target showed"
                              : "no secret value: the target showed none, or masked them");
  w.key("secrets_changed");  // names, never values
  w.begin_array();
  for (const auto& [item, keys] : b.secrets_changed) {
    w.begin_object();
    w.member("kind", to_string(item.first));
    w.member("name", item.second);
    w.member("params", keys);
    w.end_object();
  }
  w.end_array();
  w.key("before");
  write_section(w, b.before, b.before_connections, true);
  w.key("written");
  write_section(w, b.written, b.written_connections, false);
  w.end_object();
  std::string text = w.take();
  text += '\n';
  try {
    check_new_path(path_);  // made since the run began: still never overwritten
    files::atomic_file out(path_, secrets ? files::file_access::owner : files::file_access::shared);
    out.write(text);
    out.commit();  // flush, fsync, rename
  } catch (const std::system_error& e) {
    cannot(path_, e.what());
  }
  return secrets;
}

void write_run_backup(backup_file& file, const std::string& target_url, api_generation api,
                      const std::string& command, const plan& connectors, const inventory& target,
                      const connection_plan* connections,
                      const std::vector<connection_record>& target_scope) {
  backup_contents b;
  b.header.target = net::shown_url(target_url);
  b.header.taken_at = time::iso8601_now();
  b.header.command = command;
  b.api = api;
  add_connector_images(connectors, target, b.before, b.written, b.secrets_changed);
  if (connections)
    add_connection_images(*connections, target_scope, b.before_connections, b.written_connections);
  const bool secrets = file.write(b);
  std::cerr << "sdemig: backup: " << printable(file.path()) << " ("
            << count_of(b.items(), "item", "items") << " the run writes"
            << (secrets ? "; it holds secret values the target showed: mode 0600" : "")
            << "); `sdemig restore --backup " << printable(file.path()) << "` undoes the run\n";
}

backup_contents load_backup_file(const std::string& path) {
  std::string text = files::read_user_file<usage_error>(path, "backup file");
  text.reserve(text.size() + json::padding);
  backup_contents out;
  auto to = [](inventory& inv) {
    return [&inv](connector_kind kind, connector& c) { inv.of(kind).push_back(std::move(c)); };
  };
  auto records = [](std::vector<connection_record>& list) {
    return [&list](json::exported_connection& c) {
      if (c.value.params) {
        for (param& p : *c.value.params) p.secret |= p.value.type == json_type::null;
      }
      list.push_back(
          {c.kind, std::move(c.project), std::move(c.connector_name), std::move(c.value)});
    };
  };
  json::backup_visitors visit{to(out.before), to(out.written), records(out.before_connections),
                              records(out.written_connections)};
  if (auto err = json::read_backup(text, out.header, visit))
    throw usage_error(printable(path + ": " + err->text()));
  out.api = *parse_api_generation(out.header.api);  // checked by the reader
  check_ids(path, out);
  for (const json::backup_header::secret_change& c : out.header.secrets_changed) {
    const auto kind = parse_connector_kind(c.kind);
    if (!kind)
      throw usage_error(printable(path) + ": secrets_changed: kind \"" + printable(c.kind) +
                        "\" is not alm or analysis");
    out.secrets_changed[{*kind, c.name}] = c.params;
  }
  return out;
}

}  // namespace sdemig::engine
