/*
 * run_test_lint — see run_test_lint.h.
 */
#include "run_test_lint.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_decimal.h"
#include "base_fs.h"
#include "base_i18n.h"

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* Does line (len bytes) start, after blanks, with `name =` for some
 * name (a field of rule{}), or with the } that closes it? */
static bool starts_field(const char *line, size_t len, const char *name)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && line[i] == '}')
		return !name;
	size_t start = i;
	while (i < len && is_name_char(line[i]))
		i++;
	if (i == start || (name && (i - start != strlen(name) || memcmp(line + start, name, i - start))))
		return false;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] == '=' && (i + 1 >= len || line[i + 1] != '=');
}

/* The source of a rule's policy in text: from the first line at or after
 * line `from` that starts `policy =`, up to the next field of rule{} or
 * its closing }.  Its start and length into *span and *span_length, its
 * line number returned (0: none). */
static int policy_source(const char *text, size_t length, int from, const char **span,
                         size_t *span_length)
{
	size_t at = 0, start = 0;
	int line = 1, found = 0;
	while (at < length) {
		const char *nl = memchr(text + at, '\n', length - at);
		size_t len = (nl ? (size_t)(nl - text) : length) - at;
		if (found && starts_field(text + at, len, NULL))
			break;
		if (!found && line >= from && starts_field(text + at, len, "policy")) {
			found = line;
			start = at;
		}
		at += len + 1;
		line++;
	}
	*span = text + start;
	*span_length = (at < length ? at : length) - start;
	return found;
}

/* Does the source name the parameter (P.name, P["name"], name)? */
static bool names(const char *span, size_t length, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n <= length; i++)
		if (!memcmp(span + i, name, n) && (i == 0 || !is_name_char(span[i - 1])) &&
		    (i + n == length || !is_name_char(span[i + n])))
			return true;
	return false;
}

/* Does text hold the number `value` as a number of its own (not a part
 * of 2020 or 0.55)? */
static bool holds_number(const char *text, decimal value)
{
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || (p > text && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.')))
			continue;
		size_t n = strspn(p, "0123456789");
		if (p[n] == '.' && p[n + 1] >= '0' && p[n + 1] <= '9')
			n += 1 + strspn(p + n + 1, "0123456789");
		decimal d;
		if (dec_parse(p, n, &d) && dec_cmp(d, value) == 0)
			return true;
		p += n - 1;
	}
	return false;
}

/* The repetitions in one rule's policy, given its file's text. */
static size_t lint_rule(const rule_decl *d, const char *text, size_t length, FILE *out)
{
	const char *span;
	size_t span_length, found = 0;
	int line = policy_source(text, length, d->line, &span, &span_length);
	for (size_t i = 0; line && i < d->param_count; i++) {
		const rule_param *p = &d->params[i];
		decimal value;
		if (!p->value || !dec_parse(p->value, strlen(p->value), &value) ||
		    !holds_number(d->policy, value) || names(span, span_length, p->name))
			continue;
		fprintf(out, _("warning: %s:%d: the policy of %s repeats %s, the value of parameter %s, as fixed text; build it from the parameter (string.format(\"... %%s ...\", P.%s)) so that explain and a scoring framework's params cannot contradict it\n"),
		        d->file, line, d->id, p->value, p->name, p->name);
		found++;
	}
	return found;
}

size_t lint_policies(const rule_set *rs, FILE *out)
{
	size_t found = 0;
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		size_t length;
		char *text = d->param_count ? fs_read_file(d->file, 0, SIZE_MAX, &length, NULL) : NULL;
		if (text)
			found += lint_rule(d, text, length, out);
		free(text);
	}
	return found;
}
