// main() of every benchmark binary: the heap sdemig itself runs on (mimalloc
// on 2 MiB pages, tools/allocator), then Google Benchmark's usual flags.
#include <benchmark/benchmark.h>

#include "tools/allocator/heap.hpp"

int main(int argc, char** argv) {
  sdemig::allocator::use_huge_pages();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
