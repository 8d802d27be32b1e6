# SPDX-License-Identifier: Apache-2.0
# Turns the SQL files given in SQL_FILES into a C file (OUT) defining one
# NUL-terminated string per file, named sql_<basename>, and a header
# (OUT_H) declaring them. Run with cmake -P.
string(REPLACE "," ";" SQL_FILES "${SQL_FILES}")
get_filename_component(header "${OUT_H}" NAME)
set(out "/* generated from sql/ by sql/embed.cmake: do not edit */\n")
string(APPEND out "#include \"${header}\"\n")
set(decl "/* generated from sql/ by sql/embed.cmake: do not edit */\n")
string(APPEND decl "#ifndef RDSCLONE_SQL_EMBEDDED_H\n#define RDSCLONE_SQL_EMBEDDED_H\n")
string(APPEND decl "/* one per sql/<engine>/<name>.sql: its text, NUL-terminated */\n")
foreach(f ${SQL_FILES})
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND out "const char sql_${name}[] = {${bytes}0};\n")
  string(APPEND decl "extern const char sql_${name}[];\n")
endforeach()
string(APPEND decl "#endif\n")
file(WRITE "${OUT}" "${out}")
file(WRITE "${OUT_H}" "${decl}")
