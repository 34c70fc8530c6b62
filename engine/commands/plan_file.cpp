#include "engine/commands/plan_file.hpp"

#include "engine/commands/commands.hpp"
#include "engine/connections/connection_plan_file.hpp"
#include "engine/connectors/connector_plan_file.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/read_file.hpp"
#include "io/files/sha256.hpp"
#include "io/json/padding.hpp"
#include "io/net/core/url.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {

namespace {

// What "digest" covers: the target the plan was made for and its writes.
std::string writes_digest(const std::string& target, std::string_view writes) {
  return "sha256:" + files::sha256_hex(target + "\n" + std::string(writes));
}

}  // namespace

saved_plan make_plan_file(const prepared& p, const plan& connectors,
                          const connection_plan* connections) {
  json::writer writes;
  writes.begin_array();
  write_connector_writes(writes, connectors, p.target_connectors, p.secrets(), p.patch());
  if (connections) write_connection_writes(writes, *connections, p.target_read, p.secrets());
  writes.end_array();
  const std::string list = writes.take();
  saved_plan out;
  out.text = plan_json(connectors, connections, [&](json::writer& w) {
    w.member("source", p.from       ? net::shown_url(p.from->url)
                       : p.in_place ? net::shown_url(p.settings.to.url)
                                    : std::string("export file"));
    w.member("target", net::shown_url(p.settings.to.url));
    w.member("created_at", time::iso8601_now());
    w.key("job");
    if (p.settings.job_file.empty()) {
      w.null();
    } else {
      w.raw(files::read_user_file<usage_error>(p.settings.job_file, "job file"));
    }
    w.key("writes");
    w.raw(list);
    w.member("digest", writes_digest(net::shown_url(p.settings.to.url), list));
  });
  out.sha256 = files::sha256_hex(out.text);
  return out;
}

json::plan_file load_plan_file(const std::string& path) {
  std::string text = files::read_user_file<usage_error>(path, "plan file");
  text.reserve(text.size() + json::padding);
  json::plan_file out;
  if (auto err = json::read_plan_file(text, out))
    throw usage_error(printable(path + ": " + err->text()));
  const std::string digest = writes_digest(out.target, out.writes_text);
  if (out.digest != digest) {
    throw usage_error(printable(path) +
                      ": digest: the target or the writes were changed after the plan was saved "
                      "(the file says " +
                      printable(out.digest) + ", they hash to " + digest +
                      "): make the plan again");
  }
  return out;
}

}  // namespace sdemig::engine
