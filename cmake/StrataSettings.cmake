# Project-wide options and the INTERFACE targets every product and test links PRIVATE.
option(STRATA_DEV_MODE "Treat warnings as errors (on in CI)" OFF)
option(STRATA_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
option(STRATA_BUILD_TESTS "Build the test suite" ON)
# Unity build of the product's own code (every module, the output library and the executable):
# CMake compiles each target's sources in batches of 8 per translation unit, so the heavy headers
# (CLI11, spdlog, fmt, yaml-cpp, Boost.Graph, nlohmann-json) are parsed once per batch instead of
# once per file. A clean Release build of `strata` took about a third of the CPU time it took file
# by file. The test targets are built file by file either way (their files' private helpers share
# names: compiled all at once, the e2e tests alone clash in over a hundred places). Names private
# to a source file (anonymous namespaces) must therefore be unique within their module.
option(STRATA_UNITY "Compile the product's sources in batches (unity build; a faster clean build)" ON)
option(STRATA_PCH "Precompile the standard, fmt and Catch2 headers most files include (a faster clean build; scripts/test.sh turns it on)" OFF)

# strata_precompile(TARGET [HEADERS...]): the headers nearly every source file of the project
# includes, parsed once per target instead of once per file (plus the target's own extra ones).
set(STRATA_PCH_HEADERS <algorithm> <chrono> <cstdint> <filesystem> <functional> <map> <memory>
  <optional> <set> <sstream> <stdexcept> <string> <string_view> <utility> <variant> <vector>
  <fmt/format.h>)
function(strata_precompile target)
  if(STRATA_PCH)
    target_precompile_headers(${target} PRIVATE ${STRATA_PCH_HEADERS} ${ARGN})
  endif()
endfunction()

add_library(strata_settings INTERFACE)
target_include_directories(strata_settings INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_features(strata_settings INTERFACE cxx_std_20)
# strata_instrument: the sanitizers' compile options, linked PRIVATE by the product's own code only
# (every module, the output library and the strata executable). Test code is linked with the
# sanitizer runtimes (through strata_settings) but not instrumented: the checks guard the product,
# and instrumenting the Catch2 test files as well (UBSan above all) doubled their compile time,
# which was half of CI's build.
add_library(strata_instrument INTERFACE)
if(STRATA_SANITIZE)
  # --param=asan-globals=0: global variables (every string literal among them) get no red zones.
  # They made three quarters of the binary's data, and registering them plus LeakSanitizer's
  # scan of them at exit took most of each run's start and end; overflows of a global array are
  # what is given up (the code keeps text in std::string and std::vector).
  # -fno-sanitize=vptr: UBSan's dynamic-type check of every member access through a polymorphic
  # type cost a tenth of the compile time; the code downcasts only with dynamic_cast, and a
  # call through a freed object is AddressSanitizer's to catch.
  target_compile_options(strata_instrument INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined --param=asan-globals=0)
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
  target_link_libraries(strata_${name} PUBLIC strata_settings ${ARG_LINKS} PRIVATE strata_warnings strata_instrument)
  strata_precompile(strata_${name})
endfunction()
