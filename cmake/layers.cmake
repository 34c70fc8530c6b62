# The build holds the architecture: sdemig_forbid_includes(TARGET WHY
# HEADERS...) makes any #include of the listed headers in TARGET's own
# sources a compile error that says why. Each listed header is shadowed by
# a generated one holding an #error, in an include directory searched before
# every other; Asio and Beast are caught by their config headers, which
# every one of their headers includes first.
function(sdemig_forbid_includes target why)
  set(guard_dir ${CMAKE_BINARY_DIR}/layer-guard/${target})
  foreach(header IN LISTS ARGN)
    set(text "#error \"${target} must not include ${header}: ${why}\"\n")
    set(path ${guard_dir}/${header})
    if(EXISTS ${path})
      file(READ ${path} old)
    else()
      set(old "")
    endif()
    if(NOT old STREQUAL text)
      file(WRITE ${path} "${text}")
    endif()
  endforeach()
  target_include_directories(${target} BEFORE PRIVATE ${guard_dir})
endfunction()

# The headers of the given folders (relative to the source root), for
# sdemig_forbid_includes.
function(sdemig_headers_of out)
  set(found "")
  foreach(folder IN LISTS ARGN)
    file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/${folder}/*.hpp)
    list(APPEND found ${headers})
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

set(SDEMIG_ASIO_HEADERS boost/asio.hpp boost/asio/detail/config.hpp boost/beast.hpp boost/beast/core/detail/config.hpp)
