#pragma once
// Live heap bytes allocated through operator new while counting is on, for
// benchmarks that report memory. Works with any malloc (glibc or mimalloc):
// sizes come from malloc_usable_size. Linked into one binary only, since it
// replaces the global operator new and delete.
#include <cstdint>

namespace sdemig::bench {

// Starts counting from zero.
void start_heap_count() noexcept;
// Stops counting; returns bytes allocated less bytes freed since the start
// (negative when more was freed than allocated).
std::int64_t stop_heap_count() noexcept;

}  // namespace sdemig::bench
