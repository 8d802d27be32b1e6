# Installation layout (GNUInstallDirs) and the Debian package (CPack DEB).
#
#   bin/                          rdsclone, rds-shim
#   LIBDIR/                       librdsclone.so.0 (SONAME), .so, pkgconfig/
#                                 rdsclone.pc
#   include/                      rdsclone.h, rds_shim.h (the public API)
#   share/man/man1, man5          rdsclone.1, rds-shim.1, rdsclone.conf.5 (gz)
#   share/doc/rdsclone/examples/  the conf/ examples, units and cron line
#   share/bash-completion/completions/  rdsclone, rds-shim
#   lib/systemd/system/           rdsclone.service, rdsclone.timer
#                                 (RDSCLONE_SYSTEMD_UNITDIR)
#
# The CLIs link the static archives (they use internals the shared library
# does not export); librdsclone.so is for programs that embed rdsclone and
# exports only rdsclone_* and rds_shim_* (cmake/librdsclone.map).
# A .deb: configure with -DCMAKE_INSTALL_PREFIX=/usr, build, run
# "cpack -G DEB" in the build directory (README "Installing").

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
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

if(RDSCLONE_SHARED)
  add_library(rdsclone_shared SHARED ${CMAKE_SOURCE_DIR}/cmake/librdsclone_so.c)
  add_dependencies(rdsclone_shared rdsclone rds_shim)
  target_link_libraries(rdsclone_shared PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:rdsclone> $<TARGET_FILE:rds_shim>
    -Wl,--no-whole-archive
    rdsclone_common PkgConfig::MYSQL PkgConfig::PQ PkgConfig::CJSON
    PkgConfig::LIBCONFIG PkgConfig::CURL PkgConfig::OPENSSL
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
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(FILES ${CMAKE_SOURCE_DIR}/agent/rdsclone.h
                ${CMAKE_SOURCE_DIR}/shim/rds_shim.h
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  # rdsclone.pc with a prefix relative to its own place, so the same file
  # is right in the staging tree, the .deb and any DESTDIR.
  file(RELATIVE_PATH RDSCLONE_PC_PREFIX_REL
       "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" RDSCLONE_PC_PREFIX_REL
         "${RDSCLONE_PC_PREFIX_REL}")
  configure_file(${CMAKE_SOURCE_DIR}/cmake/rdsclone.pc.in
                 ${CMAKE_BINARY_DIR}/rdsclone.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/rdsclone.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
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
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(rdsclone_man ALL DEPENDS ${man_gz})

# The units and the cron line name the installed rdsclone: generated from
# conf/**/*.in with CMAKE_INSTALL_FULL_BINDIR, fixed when configuring
# ("cmake --install --prefix" elsewhere does not rewrite them).
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
        DESTINATION ${RDSCLONE_DOCDIR}/examples)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${RDSCLONE_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/shim/README.md DESTINATION ${RDSCLONE_DOCDIR}
        RENAME README.rds-shim.md)
install(FILES ${RDSCLONE_UNITS} DESTINATION ${RDSCLONE_SYSTEMD_UNITDIR})
install(FILES ${CMAKE_SOURCE_DIR}/completions/rdsclone
              ${CMAKE_SOURCE_DIR}/completions/rds-shim
        DESTINATION ${RDSCLONE_BASHCOMP_DIR})

# ---- Debian package -------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rdsclone)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "rdsclone maintainers")
set(CPACK_PACKAGE_CONTACT
    "rdsclone maintainers <maintainers@users.noreply.h-seed-0cb424f9.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "keep database accounts and grants identical between two servers")
set(CPACK_PACKAGE_DESCRIPTION
"rdsclone reads the account catalogs of a source and a target server
(MySQL 5.7/8.0, MariaDB 10.4+, PostgreSQL 12+), diffs them row by row and
makes the target match: accounts, roles, grants, default roles and Amazon
RDS binlog retention. Its first use is the re-creation of an RDS read
replica (e.g. on an encrypted instance); from cron or the shipped systemd
timer it repairs drift. rds-shim is a small client for the RDS calls a
read-replica re-creation needs. Includes librdsclone, its headers and
pkg-config file.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mariadb-client, postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/cmake/postinst ${CMAKE_SOURCE_DIR}/cmake/prerm
    ${CMAKE_SOURCE_DIR}/cmake/postrm ${CMAKE_SOURCE_DIR}/cmake/triggers)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
