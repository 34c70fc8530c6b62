#include "engine/run/run_metrics.hpp"

namespace sdemig::engine {
namespace {

// Failures by class: the failing outcomes, summed over the kinds.
std::vector<std::pair<std::string_view, std::size_t>> failures_of(
    const std::vector<const outcome_totals*>& kinds) {
  outcome_totals t;
  for (const outcome_totals* k : kinds) {
    t.conflicts += k->conflicts;
    t.needs_secret += k->needs_secret;
    t.missing += k->missing;
    t.refused += k->refused;
    t.invalid += k->invalid;
    t.failed += k->failed;
    t.not_started += k->not_started;
    t.unreadable += k->unreadable;
    t.secret_lost += k->secret_lost;
  }
  return {{"conflict", t.conflicts},      {"needs_secret", t.needs_secret},
          {"missing", t.missing},         {"refused", t.refused},
          {"invalid", t.invalid},         {"failed", t.failed},
          {"not_started", t.not_started}, {"unreadable", t.unreadable},
          {"secret_lost", t.secret_lost}};
}

}  // namespace

item_counts outcome_counts(std::string kind, const outcome_totals& t) {
  item_counts out{std::move(kind),
                  {{"created", t.created},
                   {"updated", t.updated},
                   {"reconciled", t.reconciled},
                   {"unchanged", t.unchanged},
                   {"skipped", t.skipped},
                   {"conflict", t.conflicts},
                   {"needs_secret", t.needs_secret},
                   {"missing", t.missing},
                   {"refused", t.refused},
                   {"invalid", t.invalid},
                   {"failed", t.failed},
                   {"not_started", t.not_started},
                   {"unreadable", t.unreadable},
                   {"secret_lost", t.secret_lost}}};
  if (t.deleted) out.by_outcome.emplace_back("deleted", t.deleted);  // a restore's alone
  return out;
}

item_counts action_counts(std::string kind, const plan_totals& t, bool connections) {
  item_counts out{std::move(kind), {}};
  for (action a : every_action) {
    const bool connection_only =
        a == action::missing_project || a == action::missing_connector || a == action::unreadable;
    if (connection_only && !connections) continue;
    if (a == action::remove && t.count(a) == 0) continue;  // a restore's alone
    out.by_outcome.emplace_back(to_string(a), t.count(a));
  }
  return out;
}

void write_sync_metrics(exposition& out, const sync_metrics& m) {
  if (m.read_s || m.plan_s || m.write_s) {
    out.gauge("sdemig_phase_duration_seconds",
              "Seconds each phase of the run took: reading both sides, planning, writing");
    for (const auto& [phase, s] :
         {std::pair{"read", &m.read_s}, {"plan", &m.plan_s}, {"write", &m.write_s}}) {
      if (*s) out.sample({{"phase", phase}}, **s);
    }
  }
  std::vector<item_counts> items = m.items;
  std::vector<const outcome_totals*> applied;
  for (const auto& [kind, t] :
       {std::pair{"connector", &m.connectors}, {"connection", &m.connections}}) {
    if (!*t) continue;
    items.push_back(outcome_counts(kind, **t));
    applied.push_back(&**t);
  }
  if (!items.empty()) {
    out.counter("sdemig_items_total", "Items (connectors, connections) of the run by outcome");
    for (const item_counts& k : items) {
      for (const auto& [outcome, n] : k.by_outcome)
        out.sample({{"kind", k.kind}, {"outcome", std::string(outcome)}}, static_cast<double>(n));
    }
  }
  if (!applied.empty()) {
    out.counter("sdemig_errors_total", "Items not done, by class (every kind's)");
    for (const auto& [what, n] : failures_of(applied))
      out.sample({{"class", std::string(what)}}, static_cast<double>(n));
  }
  if (m.writes) {
    out.counter("sdemig_writes_total", "Write requests the target answered");
    out.sample(static_cast<double>(*m.writes));
  }
  if (m.halted) {
    out.gauge("sdemig_run_halted",
              "1 when the run stopped sending writes: a rejected token, an unreachable target, a "
              "journal that could not be written");
    out.sample(*m.halted ? 1 : 0);
  }
  if (m.concurrency) {
    out.gauge("sdemig_concurrency_settled",
              "Requests in flight to the target at the end: where --concurrency auto settled, or "
              "the fixed limit");
    out.sample({{"mode", m.concurrency->automatic ? "auto" : "fixed"}},
               static_cast<double>(m.concurrency->limit));
  }
}

}  // namespace sdemig::engine
