# `cmake --install` and the Debian package (CPack, tools/package): both
# programs, their man pages (tools/manpage), the bash completion, the docs,
# and what Debian's policy asks of every package (lintian checks it in
# tests/package/package_test.sh): a copyright file and a changelog. The
# package's dependencies are computed from the binaries (dpkg-shlibdeps).
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/tools/completion/sdemig.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME sdemig)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/cli.md ${PROJECT_SOURCE_DIR}/docs/sde-sim.md
              ${PROJECT_SOURCE_DIR}/docs/migration-4x-to-current.md
              ${PROJECT_SOURCE_DIR}/docs/architecture.md ${PROJECT_SOURCE_DIR}/docs/performance.md
              ${PROJECT_SOURCE_DIR}/docs/guide.md ${PROJECT_SOURCE_DIR}/docs/testing.md
              ${PROJECT_SOURCE_DIR}/docs/deploy.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The JSON Schemas, where an editor's settings or a file's "$schema" point.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sdemig/schemas)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sdemig)
set(CPACK_PACKAGE_VENDOR "sdemig")
# A host without a dot is a lintian error (bogus-mail-host); .invalid is
# the reserved name (RFC 2606) for an address that reaches no one yet.
set(CPACK_PACKAGE_CONTACT "sdemig maintainers <sdemig@sdemig.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Moves SD Elements connector configuration between instances, fast and safely")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "sdemig exports, plans, clones and verifies SD Elements issue-tracker\n and analysis connectors across instances and API generations; sde-sim\n emulates an instance.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # sdemig_<version>_<arch>.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# A native package's changelog is usr/share/doc/PACKAGE/changelog.gz, dated
# the day it is configured (SOURCE_DATE_EPOCH's when set).
string(TIMESTAMP SDEMIG_CHANGELOG_DATE "%a, %d %b %Y 00:00:00 +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
find_program(SDEMIG_GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/debian/changelog.gz
  COMMAND ${SDEMIG_GZIP} -9nkf ${PROJECT_BINARY_DIR}/debian/changelog
  DEPENDS ${PROJECT_BINARY_DIR}/debian/changelog VERBATIM)
add_custom_target(sdemig_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/debian/changelog.gz)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${PROJECT_BINARY_DIR}/debian/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(CPack)
