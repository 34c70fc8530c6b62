#include "sim/seed.hpp"

#include <array>
#include <string>

#include "sim/store.hpp"
#include "sim/systems.hpp"

namespace sdemig::sim {
namespace {

constexpr std::array<std::string_view, 12> teams = {
    "Payments", "Platform",  "Équipe Sécurité",   "東京チーム",   "Zürich \"Ops\"",
    "Mobile",   "Data Lake", "Identity & Access", "Back\\Office", "Søk og Navigasjon",
    "Core API", "Развитие"};

constexpr std::array<std::string_view, 4> phases = {
    "requirements,architecture-design,development", "requirements,development",
    "development,testing", "requirements,architecture-design,development,testing"};

// A cheap, stable mix so neighbouring numbers get unrelated choices.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

std::string padded(std::size_t n) {
  std::string s = std::to_string(n);
  return s.size() >= 5 ? s : std::string(5 - s.size(), '0') + s;
}

std::string secret_for(std::size_t n, std::string_view what) {
  // Quotes and a backslash: serializers must escape them.
  return std::string(what) + "-" + std::to_string(mix(n) % 1000000) + "\"q\\z";
}

void add_alm_params(connector& c, std::string_view system, std::size_t n) {
  const std::uint64_t h = mix(n * 31 + 7);
  auto set = [&](std::string_view k, std::string v) {
    c.set_param(k, scalar::string(std::move(v)));
  };
  const bool token_auth = system == "github" || system == "gitlab" || system == "pivotal_tracker";
  if (system == "github") {
    set("github_repo_owner", "org-" + std::to_string(h % 97));
  }
  set("sde_verification_filter", "none,partial,pass,fail");
  if (system == "jira") set("jira_version", std::to_string(5 + h % 4));
  if (token_auth) set("alm_api_token", secret_for(n, "tok"));
  set("title_format", "$task_id $title");
  set("alm_method", "https");
  if (system == "github") {
    set("alm_server", "api.github.com");
  } else if (system == "jira") {
    set("alm_server", "team-" + std::to_string(h % 500) + ".atlassian.net");
  } else {
    set("alm_server", std::string(system) + "-" + std::to_string(h % 50) + ".example.com");
  }
  if (!token_auth) {
    set("alm_user", "svc-sde-" + std::to_string(h % 20));
    set("alm_pass", secret_for(n, "pw"));
  }
  if (system == "github") set("github_duplicate_label", "duplicate");
  if (system == "rally") set("rally_workspace", "Workspace " + std::to_string(h % 9));
  if (system == "tfs") set("alm_project", "Project-" + std::to_string(h % 40));
  if (system == "gitlab") set("gitlab_project", "group/app-" + std::to_string(h % 60));
  if (system == "servicenow") {  // a secret only the schema names
    set("servicenow_client_secret", secret_for(n, "cs"));
    c.params->back().secret = true;
  }
  set("alm_phases", std::string(phases[h % phases.size()]));
  set("sde_statuses_in_scope", "TODO");
  set("conflict_policy", "alm");
  set("sde_min_priority", std::to_string(1 + h % 10));
}

}  // namespace

connector seeded_connector(connector_kind kind, std::size_t n, api_generation api) {
  const auto systems = known_systems(kind);
  const system_info& system = systems[(n - 1) % systems.size()];
  const std::uint64_t h = mix(n);
  connector c;
  const std::string_view team = teams[h % teams.size()];
  c.system.id = std::string(system.id);
  c.system.name = std::string(system.name);
  if (!system.short_name.empty()) c.system.short_name = std::string(system.short_name);
  if (kind == connector_kind::alm) {
    c.name = std::string(system.name) + " " + std::string(team) + " Connector " + padded(n);
    c.inaccessible = h % 17 == 0;
    c.params.emplace();
    add_alm_params(c, system.id, n);
    translate_params(*c.params, api_generation::legacy, api);
  } else {
    c.name = std::string(system.name) + " " + std::string(team) + " Scanner " + padded(n);
    c.inaccessible = h % 13 == 0;
  }
  return c;
}

void seed_store(connector_store& store, std::size_t alm, std::size_t analysis, api_generation api) {
  for (std::size_t n = 1; n <= alm; ++n)
    store.insert(connector_kind::alm, seeded_connector(connector_kind::alm, n, api));
  for (std::size_t n = 1; n <= analysis; ++n) {
    store.insert(connector_kind::analysis, seeded_connector(connector_kind::analysis, n));
  }
}

void seed_projects(connector_store& store, std::size_t projects, bool connections, std::size_t alm,
                   std::size_t analysis, api_generation api) {
  project_store& p = store.projects();
  // A target's ids differ from a source's: numbered from 7001, last first.
  p.seed_hierarchy(projects, connections ? 1 : 7001, !connections);
  if (!connections) return;
  static constexpr std::string_view frequencies[] = {"manually", "daily", "hourly", "weekly"};
  for (std::size_t n = 1; n <= projects; ++n) {
    const auto project = static_cast<std::int64_t>(n);
    connection stored;
    if (alm > 0 && n % 3 != 0) {
      connection c;
      c.alias = "Tracker";
      c.connector = static_cast<std::int64_t>((n * 7) % alm + 1);
      c.project = project;
      c.frequency = std::string(frequencies[n % 4]);
      c.params = std::vector<param>{
          {key_in("alm_project", api), scalar::string("PRJ-" + std::to_string(n))}};
      if (n % 2 == 0) {
        c.params->push_back(
            {key_in("alm_parent_issue", api), scalar::string("EPIC-" + std::to_string(n))});
      }
      p.create(connector_kind::alm, c, stored);
      if (n % 10 == 0 && alm > 1) {
        c.alias = "Tracker 2";
        c.connector = static_cast<std::int64_t>((n * 7 + 1) % alm + 1);
        c.frequency = "monthly";
        c.params = std::vector<param>{
            {key_in("alm_project", api), scalar::string("OPS-" + std::to_string(n))}};
        p.create(connector_kind::alm, c, stored);
      }
    }
    if (analysis > 0 && n % 4 == 0) {
      connection c;
      c.alias = "Scanner";
      c.connector = static_cast<std::int64_t>((n * 3) % analysis + 1);
      c.project = project;
      c.frequency = "daily";
      c.params = {{"scan_project", scalar::string("scan-" + std::to_string(n))},
                  {"scan_branch", scalar::string(n % 8 == 0 ? "main" : "release")}};
      p.create(connector_kind::analysis, c, stored);
    }
  }
}

}  // namespace sdemig::sim
