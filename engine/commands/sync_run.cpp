#include "engine/commands/sync_run.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <iostream>

#include "engine/commands/export_file.hpp"
#include "engine/connections/read_connections.hpp"
#include "engine/connectors/read_inventory.hpp"
#include "engine/planning/rotation.hpp"
#include "engine/run/report.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/read_file.hpp"
#include "io/net/core/url.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;

void mark_secrets(inventory& inv, secret_rule& rule) {
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (connector& c : inv.of(kind)) rule.mark(c);
  }
}

// Whether every connection names a connector `connectors` holds.
bool knows_every_connector(instance_connections& read, const std::vector<connector_kind>& kinds,
                           const inventory& connectors) {
  for (connector_kind kind : kinds) {
    std::set<std::int64_t> ids;
    for (const connector& c : connectors.of(kind))
      if (c.id) ids.insert(*c.id);
    for (const connection& c : read.of(kind))
      if (!ids.contains(c.connector)) return false;
  }
  return true;
}

local_input read_local_input(const sync_settings& s, const std::string* import_file) {
  local_input in;
  try {
    if (!s.job_file.empty()) in.the_job = load_job(s.job_file);
    if (!s.secrets_file.empty()) in.secrets = secret_store::load(s.secrets_file);
  } catch (const std::runtime_error& e) {  // job_error, secrets_error
    throw usage_error(e.what());
  }
  if (import_file) {
    export_file_contents file = load_export_file(*import_file);
    in.imported = std::move(file.connectors);
    in.imported_api = file.api;
    if (s.connections || in.the_job.connections)
      in.imported_connections = std::move(file.connections);
  }
  if (s.kind) {
    if (!in.the_job.wants(*s.kind))
      throw usage_error("--kind " + std::string(to_string(*s.kind)) +
                        " is not among the job's kinds");
    in.the_job.kinds = {*s.kind};
  }
  return in;
}

void warn(const std::string& what) {
  std::cerr << "sdemig: warning: " << what << '\n';
}

// What in the job or the secrets file matches nothing: most often a typo.
void warn_about_unmatched(const job& j, const inventory& source, const secret_store* secrets,
                          const std::set<std::string>& secret_keys, bool connections) {
  std::size_t in_kinds = 0, selected = 0;
  std::set<std::string> systems, names;
  for (connector_kind kind : j.kinds) {
    for (const connector& c : source.of(kind)) {
      ++in_kinds;
      systems.insert(c.system.id);
      names.insert(c.name);
      selected += j.selects(kind, c);
    }
  }
  for (const std::string& s : j.systems) {
    if (!systems.contains(s))
      warn("the job's select.systems names \"" + printable(s) +
           "\", which no source connector has");
  }
  const bool selecting = !j.systems.empty() || !j.names.empty() || !j.exclude_names.empty();
  if (selecting && in_kinds > 0 && selected == 0) {
    warn("the job's select matches none of the " +
         count_of(in_kinds, "source connector", "source connectors"));
  }
  if (!secrets) return;
  for (const auto& [name, values] : secrets->entries()) {
    // With connections, "BU/App/Project/alias" names a connection.
    const bool connection_key =
        connections && name.find('/') != std::string::npos &&
        parse_project_path(std::string_view(name).substr(0, name.rfind('/'))).has_value();
    if (name != "*" && !names.contains(name) && !connection_key) {
      warn("the secrets file names \"" + printable(name) +
           "\", which no source connector is called");
    }
    for (const param& p : values) {
      if (!is_secret_param(p.key) && !secret_keys.contains(p.key)) {
        warn("the secrets file gives \"" + printable(p.key) + "\" for \"" + printable(name) +
             "\", which is not a secret param: it is not used");
      }
    }
  }
}

// Every secret value the run knows goes into the scrubber, so that no
// server text carrying one is printed.
void learn_secrets(sde::scrubber& scrub, const inventory& source, const secret_store* secrets) {
  for (const auto* of : {&source.alm, &source.analysis}) {
    for (const connector& c : *of) scrub.add_secrets_of(c);
  }
  if (!secrets) return;
  for (const auto& [name, values] : secrets->entries()) {
    for (const param& p : values) {
      scrub.add(p.value.text);
      if (!p.value.text.empty() && p.value.text.size() < sde::scrubber::short_secret) {
        warn("the secrets file's \"" + printable(p.key) + "\" for \"" + printable(name) + "\" is " +
             std::to_string(p.value.text.size()) +
             " characters long: it is hidden from messages only where it stands alone");
      }
    }
  }
}

}  // namespace

prepared::prepared(const sync_settings& settings_, const instance_settings* source,
                   const std::string* import_file)
    : settings(settings_), input(read_local_input(settings_, import_file)), s(settings_.net) {
  if (source && same_instance(source->url, settings.to.url) && !settings.allow_same_instance) {
    throw usage_error("--from and --to name the same instance (" + net::shown_url(settings.to.url) +
                      "): give --allow-same-instance if that is meant");
  }
  if (source) from = &s.connect(*source, "--from", "source");
  to = &s.connect(settings.to, "--to", "target");
  if (input.secrets) learn_secrets(s.scrub(), {}, &*input.secrets);
}

bool prepared::patch() const {
  return settings.use_patch.value_or(to->api->generation() == api_generation::current);
}

awaitable<bool> prepared::identify(bool check_schema) {
  using namespace boost::asio::experimental::awaitable_operators;
  bool ok = true;
  if (from) {
    auto [a, b] = co_await (async_identify(*from) && async_identify(*to));
    ok = a && b;
  } else {
    ok = co_await async_identify(*to);
  }
  if (!ok) co_return false;
  bool failed = false;
  if (from) {
    auto [s, t] = co_await (async_read_schema(*from, false, failed) &&
                            async_read_schema(*to, check_schema, failed));
    source_schema = std::move(s);
    target_schema = std::move(t);
  } else {
    target_schema = co_await async_read_schema(*to, check_schema, failed);
  }
  co_return !failed;
}

std::set<std::string> prepared::secret_keys() const {
  std::set<std::string> keys;
  for (const auto* schema : {&source_schema, &target_schema}) {
    if (!*schema) continue;
    for (const system_schema& s : (*schema)->systems) {
      for (const schema_field& f : s.fields) {
        if (!f.secret()) continue;
        keys.insert(key_in(f.name, api_generation::legacy));
        keys.insert(key_in(f.name, api_generation::current));
      }
    }
  }
  return keys;
}

page_context prepared::page_where() const {
  return {from             ? from->url
          : in_place       ? to->url
          : input.imported ? "export file"
                           : "",
          to->url, time::iso8601_now()};
}

std::string prepared::apis_line() const {
  if (in_place)
    return "editing in place: " + std::string(to_string(to->api->generation())) + " API";
  return std::string(input.imported ? "export file" : "source") + ": " +
         std::string(to_string(source_api())) +
         " API, target: " + std::string(to_string(to->api->generation())) + " API";
}

awaitable<std::optional<plan>> prepared::read_and_plan(bool check_schema, double* read_s,
                                                       double* plan_s) {
  using namespace boost::asio::experimental::awaitable_operators;
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  // The read phase's time, also when it failed: it ran (the metrics file's
  // read phase is 0 only when it was not reached).
  auto read_took = [&] {
    if (read_s) *read_s = std::chrono::duration<double>(clock::now() - started).count();
  };
  if (!co_await identify(check_schema)) {
    read_took();
    co_return std::nullopt;
  }
  inventory source, target;
  const job& j = input.the_job;
  read_progress meter(settings.net.progress);
  bool ok = true;
  if (input.imported || in_place) {
    auto t = co_await async_read_inventory(*to->api, j.kinds, target, &meter, "target");
    source = in_place ? target : *input.imported;  // edit: its own items, read once
    meter.finish();
    if (!t)
      std::cerr << "sdemig: reading the target failed: " << printable(t.error().message) << '\n';
    ok = bool(t);
  } else {
    auto [sr, tr] = co_await (async_read_inventory(*from->api, j.kinds, source, &meter, "source") &&
                              async_read_inventory(*to->api, j.kinds, target, &meter, "target"));
    meter.finish();
    if (!sr)
      std::cerr << "sdemig: reading the source failed: " << printable(sr.error().message) << '\n';
    if (!tr)
      std::cerr << "sdemig: reading the target failed: " << printable(tr.error().message) << '\n';
    ok = sr && tr;
  }
  read_took();
  if (!ok) co_return std::nullopt;
  // Secrets by the one rule (the schemas' fields, else names that look
  // secret), wherever they are shown. An export file's systems are the
  // target's schema's.
  const plugin_schema* target_fields = target_schema ? &*target_schema : nullptr;
  source_secrets = secret_rule(source_schema ? &*source_schema : from ? nullptr : target_fields);
  target_secrets = secret_rule(target_fields);
  mark_secrets(source, source_secrets);
  mark_secrets(target, target_secrets);
  warn_guessed_secrets();
  // The values the target shows in clear are secrets too (a PATCH may send
  // them back): learned like the source's, the secrets file's when it was read.
  learn_secrets(s.scrub(), source, nullptr);
  learn_secrets(s.scrub(), target, nullptr);
  warn_about_unmatched(j, source, secrets(), secret_keys(), connections());
  const auto planning = clock::now();
  // Kept: connections name their connectors by id; a backup holds the
  // before-images of what the run updates.
  if (connections() || backs_up() || saves_plan() || in_place) {
    source_connectors = source;
    target_connectors = target;
  }
  plan_options options;
  options.patch = patch();
  options.source_api = source_api();
  options.target_api = to->api->generation();
  options.target_schema = check_schema && target_schema ? &*target_schema : nullptr;
  if (in_place && secrets()) rotate_secrets(source, *secrets());  // edit: new values
  plan result = make_plan(j, std::move(source), target, secrets(), options);
  if (in_place && secrets()) mark_rotations(result, target, *secrets(), options.patch);
  if (plan_s) *plan_s = std::chrono::duration<double>(clock::now() - planning).count();
  co_return result;
}

awaitable<std::optional<connection_plan>> prepared::plan_the_connections(const plan& connectors) {
  using namespace boost::asio::experimental::awaitable_operators;
  const std::size_t concurrency = to->http->concurrency_cap();
  const std::vector<connector_kind> kinds = input.the_job.kinds;
  std::vector<connection_record> source;
  sde::result<instance_connections> target;
  auto failed = [](const char* side, const sde::api_error& e) {
    std::cerr << "sdemig: reading the " << side
              << "'s projects and connections failed: " << printable(e.message) << '\n';
  };
  if (from) {
    auto [s, t] = co_await (async_read_connections(*from->api, kinds, concurrency) &&
                            async_read_connections(*to->api, kinds, concurrency));
    if (!s) failed("source", s.error());
    if (!t) failed("target", t.error());
    if (!s || !t) co_return std::nullopt;
    for (connector_kind kind : kinds) {
      std::vector<connection_record> r = to_records(kind, s.value().of(kind), s.value().projects,
                                                    source_connectors, true, source_secrets);
      std::move(r.begin(), r.end(), std::back_inserter(source));
    }
    target = std::move(t);
  } else {
    target = co_await async_read_connections(*to->api, kinds, concurrency);
    if (!target) {
      failed("target", target.error());
      co_return std::nullopt;
    }
    if (in_place) {  // edit: the same read is the source's, its own params only
      for (connector_kind kind : kinds) {
        std::vector<connection_record> r =
            to_records(kind, target.value().of(kind), target.value().projects, source_connectors,
                       true, source_secrets);
        std::move(r.begin(), r.end(), std::back_inserter(source));
      }
    } else {
      source = input.imported_connections;
    }
  }
  // A target connection whose connector the connectors' read did not see
  // (another run created both since): read the connectors again, else its
  // connector's params, merged into what a read shows, would pass for its own.
  if (!knows_every_connector(target.value(), kinds, target_connectors)) {
    inventory fresh;
    auto again = co_await async_read_inventory(*to->api, kinds, fresh);
    if (!again) {
      failed("target", again.error());
      co_return std::nullopt;
    }
    mark_secrets(fresh, target_secrets);
    target_connectors = std::move(fresh);
  }
  target_projects = std::move(target.value().projects);
  std::vector<connection_record> target_records;
  for (connector_kind kind : kinds) {
    std::vector<connection_record> r = to_records(kind, target.value().of(kind), target_projects,
                                                  target_connectors, false, target_secrets);
    std::move(r.begin(), r.end(), std::back_inserter(target_records));
    if (!backs_up()) continue;
    r = to_records(kind, target.value().of(kind), target_projects, target_connectors, true,
                   target_secrets);
    std::move(r.begin(), r.end(), std::back_inserter(target_scope));
  }
  if (saves_plan()) target_read = target_records;
  connection_plan_input in;
  in.the_job = &input.the_job;
  in.source = &source;
  in.target = &target_records;
  in.target_projects = &target_projects;
  in.connectors = &connectors;
  in.target_connectors = &target_connectors;
  in.source_api = source_api();
  in.target_api = to->api->generation();
  in.secrets = secrets();
  in.target_schema = target_schema ? &*target_schema : nullptr;
  connection_plan planned = plan_connections(in);
  warn_guessed_secrets();
  if (const std::size_t hidden = planned.totals.unreadable(); hidden > 0) {
    std::cerr << "sdemig: " << count_of(hidden, "connection", "connections")
              << " planned unreadable: an instance showed no params for them (its token's user "
                 "lacks the \"Edit ALM connections\" or \"Edit security tool connections\" "
                 "permission); nothing is sent for them\n";
  }
  // Every secret a connection carries (as read, or from the secrets file)
  // goes into the scrubber, as the connectors' do.
  for (const connection_item& item : planned.items) {
    for (const param& p : item.desired.params.value_or(std::vector<param>{})) {
      if (is_secret(p)) s.scrub().add(p.value.text);
    }
  }
  co_return planned;
}

void prepared::warn_guessed_secrets() {
  std::string keys;
  for (const secret_rule* rule : {&source_secrets, &target_secrets}) {
    for (const std::string& key : rule->guessed()) {
      if (warned_guesses_.insert(key).second) keys += (keys.empty() ? "" : ", ") + printable(key);
    }
  }
  if (!keys.empty()) {
    warn(
        "no plugin schema says which of these params are secret, so they are treated as "
        "secrets by their names: " +
        keys);
  }
}

}  // namespace sdemig::engine
