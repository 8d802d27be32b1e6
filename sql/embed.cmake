# Turns the SQL files given in SQL_FILES into a C file defining one
# NUL-terminated string per file, named sql_<basename>. Run with cmake -P.
string(REPLACE "," ";" SQL_FILES "${SQL_FILES}")
set(out "/* generated from sql/ by sql/embed.cmake: do not edit */\n")
foreach(f ${SQL_FILES})
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND out "const char sql_${name}[] = {${bytes}0};\n")
endforeach()
file(WRITE "${OUT}" "${out}")
