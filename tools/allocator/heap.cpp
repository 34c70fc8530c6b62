#include "tools/allocator/heap.hpp"

#ifdef SDEMIG_WITH_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#endif

namespace sdemig::allocator {

// Building a large inventory on 4 KiB pages costs one page fault per page
// (~11,000 for 20,000 connectors, a quarter of the read time on this VM); on
// 2 MiB pages a few hundred. mimalloc's first segment, mapped before main,
// is advised in place; later segments come from an arena of address space
// advised up front (MAP_NORESERVE: only addresses). Best effort: where THP is
// off or the kernel refuses, nothing changes but the page size.
void use_huge_pages() noexcept {
#ifdef SDEMIG_WITH_MIMALLOC
  constexpr std::size_t segment = std::size_t{32} << 20;  // mimalloc 2.x segments: 32 MiB, aligned
  if (void* probe = mi_malloc(16)) {
    const auto first = reinterpret_cast<std::uintptr_t>(probe) & ~(segment - 1);
    ::madvise(reinterpret_cast<void*>(first), segment, MADV_HUGEPAGE);
    mi_free(probe);
  }
  constexpr std::size_t size = std::size_t{4} << 30, align = std::size_t{64} << 20;
  void* raw = ::mmap(nullptr, size + align, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) return;
  const auto at = reinterpret_cast<std::uintptr_t>(raw);
  void* start = reinterpret_cast<void*>((at + align - 1) & ~(align - 1));
  ::madvise(start, size, MADV_HUGEPAGE);
  if (!mi_manage_os_memory(start, size, /*is_committed=*/true, /*is_large=*/false, /*is_zero=*/true,
                           -1)) {
    ::munmap(raw, size + align);
  }
#endif
}

}  // namespace sdemig::allocator
