# The version is written once, in project(); this generates the header the executable prints it
# from. With git and a checkout, `git describe` is appended so a build names its commit; without
# them (a source tarball) the plain version is used and configuring never fails.
# The describe is taken at configure time: a later commit shows after the next cmake run.
set(STRATA_VERSION_LINE "strata ${PROJECT_VERSION}")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    RESULT_VARIABLE describe_result
    OUTPUT_VARIABLE describe_output
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(describe_result EQUAL 0 AND NOT describe_output STREQUAL "")
    string(APPEND STRATA_VERSION_LINE " (${describe_output})")
  endif()
endif()

configure_file("${CMAKE_CURRENT_LIST_DIR}/strata_version.hpp.in"
               "${PROJECT_BINARY_DIR}/generated/strata_version.hpp" @ONLY)
add_library(strata_version INTERFACE)
target_include_directories(strata_version INTERFACE "${PROJECT_BINARY_DIR}/generated")
