# Every dependency comes from a Debian package (scripts/setup.sh installs them).
find_package(yaml-cpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
# libcrypto for SHA-256 (strata.sum, history checksums); libpq and libmariadb depend on it already.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(MYSQLCLIENT REQUIRED IMPORTED_TARGET mysqlclient)
# libyaml scans schema files the loader's own subset scanner leaves (schemas/yaml_subset.cpp, then
# yaml_events.cpp); yaml-cpp reads what neither can.
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)

# libpq, the MySQL/MariaDB client library and libcrypto are loaded when a command first needs them
# (dlopen, dialects/client_library.hpp), not linked: the 24 further libraries they bring (Kerberos, LDAP,
# GnuTLS, ...) took ~5 ms of every start. strata compiles against their headers and loads the
# soname of the library found here, the ABI it was compiled for.
function(strata_soname out library)
  execute_process(COMMAND "${CMAKE_OBJDUMP}" -p "${library}" OUTPUT_VARIABLE dump RESULT_VARIABLE failed ERROR_QUIET)
  if(failed OR NOT dump MATCHES "SONAME +([^ \n]+)")
    message(FATAL_ERROR "cannot read the soname of ${library} with objdump ('${CMAKE_OBJDUMP}')")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
list(GET MYSQLCLIENT_LINK_LIBRARIES 0 strata_mysqlclient_library)
strata_soname(STRATA_LIBPQ_SONAME "${PostgreSQL_LIBRARY}")
strata_soname(STRATA_LIBMYSQL_SONAME "${strata_mysqlclient_library}")
strata_soname(STRATA_LIBCRYPTO_SONAME "${OPENSSL_CRYPTO_LIBRARY}")
message(STATUS "Loaded when first used: ${STRATA_LIBPQ_SONAME}, ${STRATA_LIBMYSQL_SONAME}, ${STRATA_LIBCRYPTO_SONAME}")
add_library(strata_client_libraries INTERFACE)
target_include_directories(strata_client_libraries SYSTEM INTERFACE ${PostgreSQL_INCLUDE_DIRS} ${MYSQLCLIENT_INCLUDE_DIRS}
                                                                     ${OPENSSL_INCLUDE_DIR})
target_compile_definitions(strata_client_libraries INTERFACE STRATA_LIBPQ_SONAME="${STRATA_LIBPQ_SONAME}"
                           STRATA_LIBMYSQL_SONAME="${STRATA_LIBMYSQL_SONAME}" STRATA_LIBCRYPTO_SONAME="${STRATA_LIBCRYPTO_SONAME}")
target_link_libraries(strata_client_libraries INTERFACE ${CMAKE_DL_LIBS})

if(STRATA_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
