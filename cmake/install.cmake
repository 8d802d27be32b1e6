# SPDX-License-Identifier: Apache-2.0
# Installation layout (GNUInstallDirs) and the Debian packages (CPack DEB),
# one install component per package:
#
#   component tools -> rdsclone
#     bin/                          rdsclone, rds-shim
#     share/man/man1, man5          rdsclone.1, rds-shim.1, rdsclone.conf.5 (gz)
#     share/doc/rdsclone/examples/  the conf/ examples, units and cron line
#     share/bash-completion/completions/  rdsclone, rds-shim
#     lib/systemd/system/           rdsclone.service, rdsclone.timer
#                                   (RDSCLONE_SYSTEMD_UNITDIR)
#   component lib -> librdsclone0
#     LIBDIR/                       librdsclone.so.0 (SONAME) and its file
#   component dev -> librdsclone-dev
#     LIBDIR/                       librdsclone.so (link), pkgconfig/rdsclone.pc
#     include/rdsclone/             rdsclone.h, rds_shim.h (the public API;
#                                   rdsclone.pc's Cflags point there)
#   each package: share/doc/<package>/copyright, changelog.Debian.gz,
#     share/lintian/overrides/<package> (only in the packages: a plain
#     "cmake --install" leaves these Debian files out, EXCLUDE_FROM_ALL)
#
# The CLIs link the static archives (they use internals the shared library
# does not export), so rdsclone does not depend on librdsclone0;
# librdsclone.so is for programs that embed rdsclone and exports only
# rdsclone_* and rds_shim_* (cmake/librdsclone.map). No static library is
# installed (the archives hold internals).
# The units and the cron line are generated from conf/**/*.in with
# CMAKE_INSTALL_FULL_BINDIR, fixed when configuring: "cmake --install
# --prefix" elsewhere does not rewrite them.
# The .debs: configure with -DCMAKE_INSTALL_PREFIX=/usr, build, run
# "cpack -G DEB" in the build directory (README "Installing").

# The public headers (tests/packaging/abi.sh checks them against the
# exports): when one moves, change this line only.
set(RDSCLONE_PUBLIC_HEADERS
    ${CMAKE_SOURCE_DIR}/include/rdsclone.h
    ${CMAKE_SOURCE_DIR}/include/rdsclone_recreate.h
    ${CMAKE_SOURCE_DIR}/include/rdsclone_compare.h
    ${CMAKE_SOURCE_DIR}/include/rdsclone_dms.h
    ${CMAKE_SOURCE_DIR}/include/rdsclone_encrypt.h
    ${CMAKE_SOURCE_DIR}/shim/rds_shim.h)
set(RDSCLONE_INCLUDE_SUBDIR rdsclone)

option(RDSCLONE_SHARED "Build and install the shared librdsclone" ON)
if(RDSCLONE_FUZZ)
  set(RDSCLONE_SHARED OFF)
endif()
set(RDSCLONE_SYSTEMD_UNITDIR "lib/systemd/system" CACHE STRING
    "Where the systemd units go (relative: under the prefix)")
set(RDSCLONE_BASHCOMP_DIR
    "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "Where the bash completions go (relative: under the prefix)")
set(RDSCLONE_DOCDIR "${CMAKE_INSTALL_DATADIR}/doc/rdsclone")

install(TARGETS rdsclone-cli rds-shim
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)

if(RDSCLONE_SHARED)
  add_library(rdsclone_shared SHARED ${CMAKE_SOURCE_DIR}/cmake/librdsclone_so.c)
  add_dependencies(rdsclone_shared rdsclone rds_shim)
  target_link_libraries(rdsclone_shared PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:rdsclone> $<TARGET_FILE:rds_shim>
    -Wl,--no-whole-archive
    rdsclone_common PkgConfig::MYSQL PkgConfig::PQ PkgConfig::CJSON
    PkgConfig::CURL PkgConfig::OPENSSL
    PkgConfig::LIBXML2 Threads::Threads
    -Wl,--version-script=${CMAKE_SOURCE_DIR}/cmake/librdsclone.map)
  if(NOT RDSCLONE_SANITIZE)
    target_link_options(rdsclone_shared PRIVATE -Wl,--no-undefined)
  endif()
  set_target_properties(rdsclone_shared PROPERTIES
    OUTPUT_NAME rdsclone
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    LINK_DEPENDS ${CMAKE_SOURCE_DIR}/cmake/librdsclone.map)
  install(TARGETS rdsclone_shared
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT lib NAMELINK_COMPONENT dev)
  install(FILES ${RDSCLONE_PUBLIC_HEADERS}
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${RDSCLONE_INCLUDE_SUBDIR}
          COMPONENT dev)
  # rdsclone.pc with a prefix relative to its own place, so the same file
  # is right in the staging tree, the .deb and any DESTDIR.
  file(RELATIVE_PATH RDSCLONE_PC_PREFIX_REL
       "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" RDSCLONE_PC_PREFIX_REL
         "${RDSCLONE_PC_PREFIX_REL}")
  configure_file(${CMAKE_SOURCE_DIR}/cmake/rdsclone.pc.in
                 ${CMAKE_BINARY_DIR}/rdsclone.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/rdsclone.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
endif()

# Man pages, compressed as Debian ships them (gzip -n: reproducible).
set(RDSCLONE_MAN_PAGES rdsclone.1 rds-shim.1 rdsclone.conf.5)
set(man_gz)
foreach(page ${RDSCLONE_MAN_PAGES})
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/man/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND sh -c "gzip -9n -c '${CMAKE_SOURCE_DIR}/man/${page}' > '${CMAKE_BINARY_DIR}/man/${page}.gz'"
    DEPENDS ${CMAKE_SOURCE_DIR}/man/${page}
    COMMENT "Compressing man page ${page}" VERBATIM)
  list(APPEND man_gz ${CMAKE_BINARY_DIR}/man/${page}.gz)
  string(REGEX REPLACE ".*\\." "" section "${page}")
  install(FILES ${CMAKE_BINARY_DIR}/man/${page}.gz
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT tools)
endforeach()
add_custom_target(rdsclone_man ALL DEPENDS ${man_gz})

# The units and the cron line name the installed rdsclone.
configure_file(${CMAKE_SOURCE_DIR}/conf/systemd/rdsclone.service.in
               ${CMAKE_BINARY_DIR}/conf/rdsclone.service @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/conf/cron/rdsclone.in
               ${CMAKE_BINARY_DIR}/conf/rdsclone.cron @ONLY)
set(RDSCLONE_UNITS ${CMAKE_BINARY_DIR}/conf/rdsclone.service
                   ${CMAKE_SOURCE_DIR}/conf/systemd/rdsclone.timer)

install(FILES ${CMAKE_SOURCE_DIR}/conf/rdsclone.conf.example
              ${CMAKE_SOURCE_DIR}/conf/rdsclone-fleet.conf.example
              ${CMAKE_SOURCE_DIR}/conf/rdsclone-recreate.conf.example
              ${RDSCLONE_UNITS} ${CMAKE_BINARY_DIR}/conf/rdsclone.cron
        DESTINATION ${RDSCLONE_DOCDIR}/examples COMPONENT tools)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${RDSCLONE_DOCDIR}
        COMPONENT tools)
install(FILES ${CMAKE_SOURCE_DIR}/shim/README.md DESTINATION ${RDSCLONE_DOCDIR}
        RENAME README.rds-shim.md COMPONENT tools)
install(FILES ${RDSCLONE_UNITS} DESTINATION ${RDSCLONE_SYSTEMD_UNITDIR}
        COMPONENT tools)
install(FILES ${CMAKE_SOURCE_DIR}/completions/rdsclone
              ${CMAKE_SOURCE_DIR}/completions/rds-shim
        DESTINATION ${RDSCLONE_BASHCOMP_DIR} COMPONENT tools)

# ---- Debian packages ------------------------------------------------------
# rdsclone, librdsclone0 and librdsclone-dev (with RDSCLONE_SHARED; else
# rdsclone alone), each with a DEP-5 copyright and changelog.Debian.gz in
# its doc directory. Version UPSTREAM-REVISION (Debian's for a non-native
# package): cmake/deb/changelog's first entry must carry it.
set(RDSCLONE_DEB_REVISION 1)
set(RDSCLONE_DEB_VERSION "${PROJECT_VERSION}-${RDSCLONE_DEB_REVISION}")
file(STRINGS ${CMAKE_SOURCE_DIR}/cmake/deb/changelog _deb_top LIMIT_COUNT 1)
if(NOT _deb_top MATCHES "^rdsclone \\(${RDSCLONE_DEB_VERSION}\\) ")
  message(FATAL_ERROR "cmake/deb/changelog starts with '${_deb_top}': add "
          "an entry for ${RDSCLONE_DEB_VERSION} (the project version and "
          "RDSCLONE_DEB_REVISION) on top")
endif()
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/deb
  COMMAND sh -c "gzip -9n -c '${CMAKE_SOURCE_DIR}/cmake/deb/changelog' > '${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz'"
  DEPENDS ${CMAKE_SOURCE_DIR}/cmake/deb/changelog
  COMMENT "Compressing the Debian changelog" VERBATIM)
add_custom_target(rdsclone_deb_changelog ALL
                  DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz)

set(CPACK_COMPONENTS_ALL tools)
if(RDSCLONE_SHARED)
  list(APPEND CPACK_COMPONENTS_ALL lib dev)
endif()
set(RDSCLONE_DEB_tools rdsclone)
set(RDSCLONE_DEB_lib librdsclone0)
set(RDSCLONE_DEB_dev librdsclone-dev)
# lintian overrides (cmake/deb/lintian-overrides): only for what does not
# apply outside Debian's archive, each with its reason. EXCLUDE_FROM_ALL:
# CPack installs them (it installs component by component), a plain
# "cmake --install" does not.
foreach(comp ${CPACK_COMPONENTS_ALL})
  install(FILES ${CMAKE_SOURCE_DIR}/cmake/deb/copyright
                ${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${RDSCLONE_DEB_${comp}}
          COMPONENT ${comp} EXCLUDE_FROM_ALL)
  install(FILES ${CMAKE_SOURCE_DIR}/cmake/deb/lintian-overrides
          DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
          RENAME ${RDSCLONE_DEB_${comp}} COMPONENT ${comp} EXCLUDE_FROM_ALL)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rdsclone)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "rdsclone maintainers")
set(CPACK_PACKAGE_CONTACT
    "rdsclone maintainers <maintainers@users.noreply.h-seed-0cb424f9.example>")
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it above every
# package's description; each description's first line is its synopsis.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${RDSCLONE_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)   # librdsclone0's shlibs
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME rdsclone)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SUGGESTS "mariadb-client, postgresql-client")
set(CPACK_DEBIAN_TOOLS_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/cmake/deb/rdsclone/postinst
    ${CMAKE_SOURCE_DIR}/cmake/deb/rdsclone/prerm
    ${CMAKE_SOURCE_DIR}/cmake/deb/rdsclone/postrm)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION
"keep database accounts and grants identical between two servers
rdsclone reads the account catalogs of a source and a target server
(MySQL 5.7/8.0, MariaDB 10.4+, PostgreSQL 12+), diffs them row by row and
makes the target match: accounts, roles, grants, default roles and Amazon
RDS binlog retention. Its first use is the re-creation of an RDS read
replica (e.g. on an encrypted instance); from cron or the shipped systemd
timer it repairs drift. rds-shim is a small client for the RDS calls a
read-replica re-creation needs.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME librdsclone0)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
# ldconfig runs from the trigger, as dh_makeshlibs does it; the postinst
# and postrm CPack adds anyway are taken out after packaging
# (cmake/deb/post_build.cmake). tests/packaging/deb_lint.sh checks that
# librdsclone0 has no maintainer script.
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/cmake/deb/librdsclone0/triggers)
set(CPACK_POST_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/cmake/deb/post_build.cmake)
set(CPACK_DEBIAN_LIB_DESCRIPTION
"library to keep database accounts and grants identical
librdsclone is rdsclone's engine as a shared library, for programs that
embed it: read the account catalogs of two MySQL, MariaDB or PostgreSQL
servers, diff them, make the target match and verify, and the Amazon RDS
calls of a read-replica re-creation. It exports only the functions of its
public headers (package librdsclone-dev).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME librdsclone-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS lib)
set(CPACK_DEBIAN_DEV_DESCRIPTION
"library to keep database accounts and grants identical (development)
librdsclone is rdsclone's engine as a shared library. This package holds
what a program embedding it builds with: the headers rdsclone.h and
rds_shim.h under /usr/include/rdsclone, the librdsclone.so link and the
pkg-config file (pkg-config --cflags --libs rdsclone).")
include(CPack)
