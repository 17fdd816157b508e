/*
 * load_yaml_hints — one more line for a YAML syntax error whose usual cause
 * a reader cannot see in libyaml's words.  libyaml reports a plain value
 * holding [ or { inside a flow collection ({rule: x, path: a[0].b}) as
 * "did not find expected ',' or '}'" at the bracket; what it wants is the
 * value in quotes.
 *
 * Works on the file's text only.
 */
#ifndef PEVCHECK_LOAD_YAML_HINTS_H
#define PEVCHECK_LOAD_YAML_HINTS_H

#include <stddef.h>

/* The hint for a syntax error (libyaml's `problem`, at 1-based line and
 * column, counted in characters) in text, translated and starting
 * "hint: ", in buf; NULL when none applies. */
const char *yaml_hint(const char *text, size_t length, int line, int column, const char *problem,
                      char *buf, size_t size);

#endif
