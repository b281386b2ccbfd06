# cmake -DSTRATA=<binary> -DOUT=<folder> [-DHELP2MAN=<help2man>] -P GenerateDocs.cmake
# Writes the shell completions (strata.bash, _strata) and, when help2man is given, the man page
# (strata.1) from the built binary's own command definitions: `strata completion bash|zsh`, and
# help2man over `strata --help` with a COMMANDS section made of `strata help --all`.
file(MAKE_DIRECTORY "${OUT}")
foreach(shell bash zsh)
  if(shell STREQUAL "bash")
    set(file "${OUT}/strata.bash")
  else()
    set(file "${OUT}/_strata")
  endif()
  execute_process(COMMAND "${STRATA}" completion ${shell} OUTPUT_FILE "${file}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "strata completion ${shell} failed (${rc})")
  endif()
endforeach()
if(NOT HELP2MAN)
  return()
endif()
execute_process(COMMAND "${STRATA}" help --all OUTPUT_VARIABLE commands RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "strata help --all failed (${rc})")
endif()
# roff: a backslash is written \e, a line starting with '.' or "'" is guarded with \&.
string(REPLACE "\\" "\\e" commands "${commands}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" commands "${commands}")
file(WRITE "${OUT}/commands.h2m" "[COMMANDS]\n.nf\n${commands}\n.fi\n")
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section 1
          --name "declarative schema-diff planner for SQLite, PostgreSQL and MySQL/MariaDB"
          --include "${OUT}/commands.h2m" --output "${OUT}/strata.1" "${STRATA}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
