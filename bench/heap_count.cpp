#include "heap_count.hpp"

#include <malloc.h>

#include <cstdlib>
#include <new>

namespace {
bool counting = false;  // benchmarks are single-threaded
std::int64_t live = 0;

void* allocate(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  if (counting) live += static_cast<std::int64_t>(malloc_usable_size(p));
  return p;
}

void release(void* p) noexcept {
  if (p != nullptr && counting) live -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace

namespace sdemig::bench {
void start_heap_count() noexcept {
  live = 0;
  counting = true;
}
std::int64_t stop_heap_count() noexcept {
  counting = false;
  return live;
}
}  // namespace sdemig::bench

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
