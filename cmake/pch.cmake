# Precompiled headers. Every test file includes GoogleTest and GoogleMock,
# which take ~2 s to parse on this project's machine: a test executable
# parses them once (sdemig_test_pch) instead of once per file. ccache caches
# compiles that use a precompiled header only with the sloppiness the
# top-level CMakeLists.txt gives it.
function(sdemig_test_pch target)
  if(SDEMIG_PCH)
    target_precompile_headers(${target} PRIVATE <gmock/gmock.h> <gtest/gtest.h> <chrono> <filesystem>
                                                <string> <vector>)
    # From a precompiled header GCC 12 no longer treats libstdc++'s own
    # code as a system header's and reports its std::string copies
    # (-Wstringop-overflow, -Warray-bounds: false positives); the libraries
    # keep them.
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-stringop-overflow -Wno-array-bounds>)
  endif()
endfunction()
