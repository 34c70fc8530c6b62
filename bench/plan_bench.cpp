// Planning N source connectors against N target connectors (half equal, a
// quarter changed, a quarter new): time and memory per connector should stay
// flat from 10k to 100k.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <stdexcept>

#include "engine/plan.hpp"
#include "fixtures.hpp"

namespace {

using namespace sdemig;

void BM_plan(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  engine::inventory source, target;
  source.alm = bench::seeded(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 4 == 3) continue;  // new on the source
    connector c = source.alm[i];
    if (i % 4 == 2) c.set_param("alm_server", scalar::string("changed.example.com"));
    target.alm.push_back(std::move(c));
  }
  engine::job j;
  j.kinds = {connector_kind::alm};
  {
    const engine::plan p = engine::make_plan(j, source, target, nullptr);
    if (p.totals.count(engine::action::create) != n / 4 || p.totals.count(engine::action::update) != n / 4)
      throw std::runtime_error("unexpected plan");
  }
  std::size_t plan_bytes = 0;
  for (auto _ : state) {
    const std::size_t before = mallinfo2().uordblks;
    engine::plan p = engine::make_plan(j, source, target, nullptr);
    plan_bytes = mallinfo2().uordblks - before;
    benchmark::DoNotOptimize(p.items.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["plan_bytes_per_connector"] = static_cast<double>(plan_bytes) / static_cast<double>(n);
}

BENCHMARK(BM_plan)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
