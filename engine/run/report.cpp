#include "engine/run/report.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "engine/text/terminal_text.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

void outcome_totals::add(outcome_status s, action what) {
  switch (s) {
    case outcome_status::done:
      ++(what == action::create ? created : what == action::remove ? deleted : updated);
      return;
    case outcome_status::reconciled:
      ++reconciled;
      return;
    case outcome_status::unchanged:
      ++unchanged;
      return;
    case outcome_status::skipped:
      ++skipped;
      return;
    case outcome_status::conflict:
      ++conflicts;
      return;
    case outcome_status::needs_secret:
      ++needs_secret;
      return;
    case outcome_status::missing:
      ++missing;
      return;
    case outcome_status::refused:
      ++refused;
      return;
    case outcome_status::invalid:
      ++invalid;
      return;
    case outcome_status::failed:
      ++failed;
      return;
    case outcome_status::not_started:
      ++not_started;
      return;
    case outcome_status::unreadable:
      ++unreadable;
      return;
    case outcome_status::secret_lost:  // written, and a secret lost on the way
      ++(what == action::create ? created : updated);
      ++secret_lost;
      return;
  }
}

std::string outcome_words(const outcome_totals& t) {
  return std::to_string(t.created) + " created, " + std::to_string(t.updated) + " updated, " +
         std::to_string(t.reconciled) + " reconciled, " + std::to_string(t.unchanged) +
         " unchanged, " + std::to_string(t.skipped) + " skipped" +
         (t.deleted ? ", " + std::to_string(t.deleted) + " deleted" : std::string());
}

std::string failure_words(const outcome_totals& t) {
  if (!t.failures()) return {};
  std::string out = "; " + std::to_string(t.failures()) + " not done (" +
                    std::to_string(t.conflicts) + " conflict, " + std::to_string(t.needs_secret) +
                    " need secrets, ";
  if (t.missing) out += std::to_string(t.missing) + " missing project or connector, ";
  if (t.unreadable) out += std::to_string(t.unreadable) + " unreadable, ";
  if (t.secret_lost) out += std::to_string(t.secret_lost) + " lost a secret, ";
  return out + std::to_string(t.refused) + " refused, " + std::to_string(t.invalid) + " invalid, " +
         std::to_string(t.failed) + " failed, " + std::to_string(t.not_started) + " not started)";
}

void write_totals(json::writer& w, const outcome_totals& t) {
  // One member per outcome, named as the items' "outcome" (docs/cli.md);
  // `created` and `updated` split `done` (a written item that lost a
  // secret counts there and in `secret_lost`).
  w.begin_object();
  w.member("created", t.created);
  w.member("updated", t.updated);
  if (t.deleted) w.member("deleted", t.deleted);
  w.member("done", t.created + t.updated + t.deleted - t.secret_lost);
  w.member("reconciled", t.reconciled);
  w.member("unchanged", t.unchanged);
  w.member("skipped", t.skipped);
  w.member("conflict", t.conflicts);
  w.member("needs_secret", t.needs_secret);
  w.member("missing", t.missing);
  w.member("refused", t.refused);
  w.member("invalid", t.invalid);
  w.member("failed", t.failed);
  w.member("not_started", t.not_started);
  w.member("unreadable", t.unreadable);
  w.member("secret_lost", t.secret_lost);
  w.end_object();
}

std::string summary_line(const run_info& info, const outcome_totals& t, std::size_t writes) {
  char rate[64] = "";
  if (info.write_s > 0 && writes > 0)
    std::snprintf(rate, sizeof rate, ", %.0f writes/s", writes / info.write_s);
  char took[32];
  std::snprintf(took, sizeof took, "%.2f s", info.write_s);
  char phases[96];
  std::snprintf(phases, sizeof phases, "; read %.2f s, plan %.2f s, total %.2f s", info.read_s,
                info.plan_s, info.duration_s);
  return info.command + ": " + outcome_words(t) + "; " + count_of(writes, "write", "writes") +
         " in " + took + rate + phases + failure_words(t);
}

std::string concurrency_line(const concurrency_record& c) {
  return c.automatic ? "concurrency auto: " + c.why : std::string();
}

std::string failure_lines(const plan& p, const apply_result& r) {
  std::string out;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const item_outcome& o = r.outcomes[i];
    if (!is_failure(o.status)) continue;
    std::string line = std::string(to_string(o.status)) + " " +
                       std::string(to_string(p.items[i].kind)) + " " +
                       quoted(p.items[i].desired.name);
    if (o.status == outcome_status::refused) line += ": the target refused the write";
    if (!o.error.empty()) line += ": " + printable(o.error);
    out += line + "\n";
  }
  return out;
}

std::string report_json(const run_info& info, const plan& p, const apply_result& r,
                        std::size_t writes, const std::function<void(json::writer&)>& more) {
  const outcome_totals t = count_outcomes(p, r);
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-report/1");
  w.member("command", info.command);
  w.member("source", info.source);
  w.member("target", info.target);
  w.member("source_api", info.source_api);
  w.member("target_api", info.target_api);
  w.member("started_at", info.started_at);
  w.member("duration_s", info.duration_s);
  w.member("read_s", info.read_s);
  w.member("plan_s", info.plan_s);
  w.member("write_s", info.write_s);
  const concurrency_record& c = info.concurrency;
  w.key("concurrency");
  w.begin_object();
  w.member("mode", c.automatic ? "auto" : "fixed");
  w.member("limit", c.limit);
  w.member("max", c.max);
  if (c.automatic) {
    w.member("min_latency_ms", c.min_latency_ms);
    w.member("why", c.why);
    w.key("trajectory");  // [ms since the first answer, limit, pace (0: none)]
    w.begin_array();
    for (const auto& step : c.trajectory) {
      w.begin_array();
      w.value(std::uint64_t{step.at_ms});
      w.value(std::uint64_t{step.limit});
      w.value(step.pace);
      w.end_array();
    }
    w.end_array();
  }
  w.end_object();
  w.member("interrupted", r.interrupted);
  w.member("writes", writes);
  if (!r.halted.empty()) w.member("halted", r.halted);
  if (!info.patch_params.empty()) w.member("patch_params", info.patch_params);
  w.key("totals");
  write_totals(w, t);
  w.key("connectors");
  w.begin_array();
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const plan_item& item = p.items[i];
    const item_outcome& o = r.outcomes[i];
    w.begin_object();
    w.member("kind", to_string(item.kind));
    w.member("name", item.desired.name);
    w.member("action", to_string(item.what));
    w.member("outcome", to_string(o.status));
    w.member("source_id", item.source_id);
    w.member("target_id", o.target_id);
    if (o.http_status) w.member("http_status", o.http_status);
    if (!o.stored_name.empty()) w.member("stored_name", o.stored_name);
    if (!o.error.empty()) w.member("error", o.error);
    w.end_object();
  }
  w.end_array();
  if (more) more(w);
  w.end_object();
  w.text() += '\n';
  return w.take();
}

}  // namespace sdemig::engine
