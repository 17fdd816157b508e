/*
 * rules_hints — one more line for a rule error that comes from writing
 * another language's spelling in Lua (`!=`, `&&`, `||`, `!x`, `else if`,
 * `+=`, `//` comments, `[...]` lists, `key: value`, 0-based `[0]`),
 * naming the Lua spelling.  Lua's own message says where ("'then' expected
 * near '!'"); policy staff who have never written Lua also need to be told
 * what to write instead.
 *
 * Works on text only: the error message and the rule file's source.
 * Includes no Lua header.
 */
#ifndef PEVCHECK_RULES_HINTS_H
#define PEVCHECK_RULES_HINTS_H

#include <stddef.h>

/* The hint for a rule file that failed to compile (msg: Lua's message,
 * "file:LINE: ... near 'X'"; text: the file), translated, in buf; NULL
 * when none applies. */
const char *hint_for_load_error(const char *msg, const char *text, size_t length, char *buf,
                                size_t size);

/* The hint for a rule that failed while it ran (msg: "file:LINE: ...",
 * line_text: that line of the rule file, or NULL), in buf; NULL when none
 * applies. */
const char *hint_for_run_error(const char *msg, const char *line_text, char *buf, size_t size);

/* Append "\nhint: ..." to a load error (error: NUL-terminated, of
 * error_size bytes) when a hint applies. */
void hint_append_load(char *error, size_t error_size, const char *text, size_t length);

/* msg with "hint: ..." as its second line when a hint applies, reading the
 * line it names from the file it names (rule_file, the failed rule's, when
 * Lua shortened the name to "...its end"); malloc'd, or NULL when none
 * applies. */
char *hint_insert_run(const char *msg, const char *rule_file);

#endif
