# `cpack` (or `cmake --build BUILD --target package`) builds strata_<version>_amd64.deb: the
# binary, its man page and its shell completions, as `cmake --install` installs them under /usr,
# with the Debian runtime libraries it links (dpkg-shlibdeps reads them off the binary) and those
# it loads when first used as dependencies. The binary is stripped in the package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME strata)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "strata")
set(CPACK_PACKAGE_CONTACT "strata maintainers <strata@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "declarative schema-diff planner: YAML schema -> reviewed migrations -> SQLite, PostgreSQL, MySQL/MariaDB")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
# libpq, the MySQL/MariaDB client library and libcrypto are loaded when first used (dlopen, see
# Dependencies.cmake), so dpkg-shlibdeps cannot see them: the packages holding them are named here
# (libpq5, libmariadb3, libssl3 on Debian 12; the soname loaded is the one built against).
set(strata_loaded_packages)
foreach(library IN ITEMS "${PostgreSQL_LIBRARY}" "${strata_mysqlclient_library}" "${OPENSSL_CRYPTO_LIBRARY}")
  file(REAL_PATH "${library}" file)
  execute_process(COMMAND dpkg-query -S "${file}" OUTPUT_VARIABLE owner RESULT_VARIABLE failed ERROR_QUIET)
  if(NOT failed AND owner MATCHES "^([^:,]+)(:[^:]+)?: ")
    list(APPEND strata_loaded_packages "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(JOIN strata_loaded_packages ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
include(CPack)
