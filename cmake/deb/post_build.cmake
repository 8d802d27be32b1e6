# SPDX-License-Identifier: Apache-2.0
# Run by cpack after it made the .debs (CPACK_POST_BUILD_SCRIPTS).
#
# librdsclone0 must run ldconfig through its trigger only (triggers:
# activate-noawait ldconfig), as dh_makeshlibs makes a library package.
# CPack adds a postinst and a postrm calling ldconfig to any package with
# a library under /usr/lib and offers no switch to stop it (lintian:
# maintscript-calls-ldconfig), so they are taken out here: the package is
# unpacked with dpkg-deb -R, the two scripts are removed after checking
# they hold nothing but CPack's ldconfig call, and it is packed again.
foreach(deb IN LISTS CPACK_PACKAGE_FILES)
  get_filename_component(name "${deb}" NAME)
  if(NOT name MATCHES "^librdsclone0_.*\\.deb$")
    continue()
  endif()
  set(tree "${deb}.tree")
  file(REMOVE_RECURSE "${tree}")
  execute_process(COMMAND dpkg-deb -R "${deb}" "${tree}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -R ${deb} failed: ${rc}")
  endif()
  foreach(script postinst postrm)
    set(f "${tree}/DEBIAN/${script}")
    if(NOT EXISTS "${f}")
      continue()
    endif()
    file(STRINGS "${f}" lines)
    list(FILTER lines EXCLUDE REGEX
         "^(#!/bin/sh|set -e|if \\[ \"\\$1\" = \"(configure|remove)\" \\]; then|\tldconfig|fi|)$")
    if(lines)
      message(FATAL_ERROR "${name}: ${script} does more than CPack's ldconfig "
              "call (${lines}): cmake/deb/post_build.cmake would drop it")
    endif()
    file(REMOVE "${f}")
  endforeach()
  execute_process(COMMAND dpkg-deb --root-owner-group -b "${tree}" "${deb}"
                  OUTPUT_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -b ${deb} failed: ${rc}")
  endif()
  file(REMOVE_RECURSE "${tree}")
endforeach()
