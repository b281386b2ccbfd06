# Project-wide options and the INTERFACE targets every product and test links PRIVATE.
option(STRATA_DEV_MODE "Treat warnings as errors (on in CI)" OFF)
option(STRATA_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
option(STRATA_BUILD_TESTS "Build the test suite" ON)

add_library(strata_settings INTERFACE)
target_include_directories(strata_settings INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_features(strata_settings INTERFACE cxx_std_20)
if(STRATA_SANITIZE)
  target_compile_options(strata_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # -no-pie: a position-dependent executable starts about twice as fast under ASan (its shadow
  # memory setup and the relocation of a large PIE binary dominate the many short runs of the
  # e2e tests).
  target_link_options(strata_settings INTERFACE -fsanitize=address,undefined -no-pie)
endif()

add_library(strata_warnings INTERFACE)
target_compile_options(strata_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(STRATA_DEV_MODE)
  target_compile_options(strata_warnings INTERFACE -Werror)
endif()

# strata_module(NAME SOURCES... [LINKS ...]) : one static library per module.
function(strata_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_library(strata_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(strata_${name} PUBLIC strata_settings ${ARG_LINKS} PRIVATE strata_warnings)
endfunction()
