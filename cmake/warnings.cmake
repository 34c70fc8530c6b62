# Every sdemig target calls sdemig_target_defaults(): warnings on, and the
# sanitizers when SDEMIG_SANITIZE is set. sdemig_target_defaults(TARGET
# LINK_SANITIZERS_ONLY): the target's own files are compiled without them
# but it links their runtime: for end-to-end tests, whose own code only
# drives the instrumented libraries and programs (the build costs half).
function(sdemig_target_defaults target)
  cmake_parse_arguments(PARSE_ARGV 1 opt "LINK_SANITIZERS_ONLY" "" "")
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
    # GCC 12 false positive on std::string concatenation (GCC bug 105329).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
    # GCC 12 false positive on coroutine frames with their own operator
    # new/delete, as Asio's awaitable frames have (GCC bug 109224).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>)
  if(SDEMIG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SDEMIG_SANITIZE AND opt_LINK_SANITIZERS_ONLY)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  elseif(SDEMIG_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined
      # Under the sanitizers GCC 12 reports uninitialized reads inside
      # libstdc++'s <regex> and Beast that are not there (GCC bug 105562);
      # the optimized build keeps the warning.
      $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
