// Planning N source connectors against N target connectors (half equal, a
// quarter changed, a quarter new): time and memory per connector should stay
// flat from 10k to 100k. plan_bytes_per_connector is what planning allocates
// beyond the source connectors it takes over.
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "engine/planning/plan.hpp"
#include "fixtures.hpp"
#include "heap_count.hpp"
#include "sim/schema.hpp"

namespace {

using namespace sdemig;

// n seeded (legacy) source connectors; the target, in generation `api`,
// holds three quarters of them, one of those three changed.
std::pair<engine::inventory, engine::inventory> inputs(std::size_t n, api_generation api) {
  engine::inventory source, target;
  source.alm = bench::seeded(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 4 == 3) continue;  // new on the source
    connector c = source.alm[i];
    translate_params(*c.params, api_generation::legacy, api);
    if (i % 4 == 2) c.set_param(key_in("alm_server", api), scalar::string("changed.example.com"));
    target.alm.push_back(std::move(c));
  }
  return {std::move(source), std::move(target)};
}

void BM_plan(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto [source, target] = inputs(n, api_generation::legacy);
  engine::job j;
  j.kinds = {connector_kind::alm};
  // Checked, and its memory counted, once off the clock: the plan, less
  // the connectors it took over from the source.
  double plan_bytes = 0;
  {
    engine::inventory taken = source;
    bench::start_heap_count();
    const engine::plan p = engine::make_plan(j, std::move(taken), target, nullptr);
    plan_bytes = static_cast<double>(bench::stop_heap_count());
    if (p.totals.count(engine::action::create) != n / 4 ||
        p.totals.count(engine::action::update) != n / 4)
      throw std::runtime_error("unexpected plan");
  }
  for (auto _ : state) {
    // The planner takes the source's connectors over (moved, not copied):
    // the copy it takes them from is made and the plan freed off the clock.
    state.PauseTiming();
    engine::inventory taken = source;
    state.ResumeTiming();
    engine::plan p = engine::make_plan(j, std::move(taken), target, nullptr);
    state.PauseTiming();
    benchmark::DoNotOptimize(p.items.size());
    p = {};
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["plan_bytes_per_connector"] = plan_bytes / static_cast<double>(n);
}

BENCHMARK(BM_plan)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The migration that crosses generations: a legacy source planned against a
// current target, every param translated and every write checked against
// the target's plugin schema (sde-sim's: nine systems, 15-20 fields each).
void BM_plan_across_generations_with_schema(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto [source, target] = inputs(n, api_generation::current);
  const plugin_schema schema = sim::issue_tracker_schema(api_generation::current);
  engine::job j;
  j.kinds = {connector_kind::alm};
  engine::plan_options options;
  options.source_api = api_generation::legacy;
  options.target_api = api_generation::current;
  options.target_schema = &schema;
  {
    engine::inventory taken = source;
    const engine::plan p = engine::make_plan(j, std::move(taken), target, nullptr, options);
    if (p.totals.count(engine::action::create) != n / 4 ||
        p.totals.count(engine::action::update) != n / 4 ||
        p.totals.count(engine::action::invalid) != 0)
      throw std::runtime_error("unexpected plan");
  }
  for (auto _ : state) {
    state.PauseTiming();
    engine::inventory taken = source;
    state.ResumeTiming();
    engine::plan p = engine::make_plan(j, std::move(taken), target, nullptr, options);
    state.PauseTiming();
    benchmark::DoNotOptimize(p.items.size());
    p = {};
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

BENCHMARK(BM_plan_across_generations_with_schema)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
