# `cmake --install` and the Debian package (CPack, tools/package): both
# programs, the bash completion and the docs. The package's dependencies are
# computed from the binaries (dpkg-shlibdeps).
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/tools/completion/sdemig.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME sdemig)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/cli.md ${PROJECT_SOURCE_DIR}/docs/sde-sim.md
              ${PROJECT_SOURCE_DIR}/docs/migration-4x-to-current.md
              ${PROJECT_SOURCE_DIR}/docs/architecture.md ${PROJECT_SOURCE_DIR}/docs/performance.md
              ${PROJECT_SOURCE_DIR}/docs/guide.md ${PROJECT_SOURCE_DIR}/docs/testing.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The JSON Schemas, where an editor's settings or a file's "$schema" point.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sdemig/schemas)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sdemig)
set(CPACK_PACKAGE_VENDOR "sdemig")
set(CPACK_PACKAGE_CONTACT "sdemig maintainers <sdemig@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Moves SD Elements connector configuration between instances, fast and safely")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "sdemig exports, plans, clones and verifies SD Elements issue-tracker and analysis\n connectors across instances and API generations; sde-sim emulates an instance.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # sdemig_<version>_<arch>.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
