# `cpack` (or `cmake --build BUILD --target package`) builds strata_<version>_amd64.deb: the
# binary, its man page and its shell completions, as `cmake --install` installs them under /usr,
# with the Debian runtime libraries it links as dependencies (dpkg-shlibdeps reads them off the
# binary). The binary is stripped in the package.
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
include(CPack)
