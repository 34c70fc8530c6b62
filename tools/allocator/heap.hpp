#pragma once
// The process's heap: see tools/allocator/CMakeLists.txt.

namespace sdemig::allocator {

// Call first thing in main(). With mimalloc, puts the heap on 2 MiB pages
// (transparent huge pages); without it, does nothing.
void use_huge_pages() noexcept;

}  // namespace sdemig::allocator
