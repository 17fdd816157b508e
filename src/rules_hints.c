/*
 * rules_hints — see rules_hints.h.
 *
 * Lua names the place of a syntax error by the token it could not use
 * ("near '!'"), which is on the line of the mistake or, when the mistake
 * swallowed a line break (`// comment` reads as division), a line or two
 * before.  So a hint looks at the token and at the code of the error's line
 * and the two before it, with string contents and -- comments blanked out,
 * so that text such as "a != b" in a message never triggers one.
 */
#include "rules_hints.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"

enum { CODE_MAX = 1024 };

/* The line number in "file:LINE: ...", or 0.  The file name may not hold
 * ":DIGITS:", which no rule file's does. */
static int line_of(const char *msg)
{
	for (const char *p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
		const char *q = p + 1;
		int n = 0;
		while (*q >= '0' && *q <= '9' && n < 10000000)
			n = n * 10 + (*q++ - '0');
		if (q > p + 1 && *q == ':')
			return n;
	}
	return 0;
}

/* The raw text of line n (1-based) of text: *len bytes, or NULL. */
static const char *raw_line(const char *text, size_t length, int n, size_t *len)
{
	size_t at = 0;
	for (int line = 1; line < n; line++) {
		const char *nl = memchr(text + at, '\n', length - at);
		if (!nl)
			return NULL;
		at = (size_t)(nl - text) + 1;
	}
	const char *nl = memchr(text + at, '\n', length - at);
	*len = (nl ? (size_t)(nl - text) : length) - at;
	return text + at;
}

/* The code of a line: what is in quotes blanked, from a -- comment on cut. */
static void code_of(const char *line, size_t len, char out[CODE_MAX])
{
	size_t n = 0;
	char quote = 0;
	for (size_t i = 0; i < len && n + 1 < CODE_MAX; i++) {
		char ch = line[i];
		if (quote && ch == quote) {
			quote = 0;
			out[n++] = ch;
			continue;
		}
		if (quote) {
			if (ch == '\\' && i + 1 < len)
				i++; /* an escaped quote stays inside */
			out[n++] = ' ';
			continue;
		}
		if (ch == '-' && i + 1 < len && line[i + 1] == '-')
			break;
		if (ch == '"' || ch == '\'')
			quote = ch;
		out[n++] = ch;
	}
	out[n] = '\0';
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

static bool has_not_equal(const char *code)
{
	return strstr(code, "!=") != NULL;
}

static bool has_bang(const char *code)
{
	return strchr(code, '!') != NULL;
}

static bool has_and(const char *code)
{
	return strstr(code, "&&") != NULL;
}

static bool has_or(const char *code)
{
	return strstr(code, "||") != NULL;
}

static bool has_compound(const char *code)
{
	static const char *const ops[] = { "+=", "-=", "*=", "/=", "++", "..=" };
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (strstr(code, ops[i]))
			return true;
	return false;
}

static bool has_bracket(const char *code)
{
	return strchr(code, '[') != NULL;
}

static bool has_if(const char *code)
{
	const char *p = strstr(code, "if");
	return p && (p == code || !is_name_char(p[-1])) && !is_name_char(p[2]);
}

/* A line that is plainly a comment in another language: it starts with
 * //, # or a C comment opener, or has // before text that is not code (a space, then a
 * letter outside ASCII, as in "// 资产登记"). */
static bool has_foreign_comment(const char *code)
{
	const char *p = code + strspn(code, " \t");
	if (!strncmp(p, "//", 2) || !strncmp(p, "/*", 2) || (*p == '#' && p[1] != '#'))
		return true;
	const char *slashes = strstr(code, "// ");
	return slashes && (unsigned char)slashes[3] >= 0x80;
}

/* name: or "name": followed by a space, a quote or a digit: a JSON or
 * YAML mapping written where a Lua table wants name = value (x:eq(1) is a
 * method). */
static bool has_key_colon(const char *code)
{
	for (const char *p = strchr(code, ':'); p; p = strchr(p + 1, ':')) {
		char after = p[1];
		bool key = p > code && (is_name_char(p[-1]) || p[-1] == '"' || p[-1] == '\'');
		if (key && after != ':' &&
		    (after == ' ' || after == '"' || after == '\'' || (after >= '0' && after <= '9')))
			return true;
	}
	return false;
}

/* The hints for a syntax error: the token Lua names ("" for any), what the
 * code must show, and the hint; the first that matches is given. */
static const struct {
	const char *near;
	bool (*match)(const char *code);
	const char *hint;
} load_hints[] = {
	{ "'!'", has_not_equal, N_("Lua writes \"not equal\" as ~=: if a ~= b then (there is no !=)") },
	{ "'!'", has_bang, N_("Lua writes \"not\" as a word: if not x then (there is no !x)") },
	{ "'&'", has_and, N_("Lua writes \"and\" as a word: if a and b then (there is no &&)") },
	{ "'|'", has_or, N_("Lua writes \"or\" as a word: if a or b then (there is no ||)") },
	{ "", has_compound, N_("Lua has no += or ++: write x = x + 1") },
	{ "", has_foreign_comment,
	  N_("a Lua comment starts with --, a long one is --[[ ... ]] (not //, # or /* */)") },
	{ "'['", has_bracket,
	  N_("Lua writes a list in braces: { \"department\", \"project\" }; [ ] only index a table "
	     "(t[1]) or quote a key ([\"until\"] = 2024)") },
	{ "", has_key_colon,
	  N_("a Lua table is written { name = \"x\", points = 0.5 }: key = value, not key: value") },
	{ "'?'", NULL, N_("Lua has no a ? b : c: write (a and b or c), or an if") },
	{ "'='", has_if, N_("Lua compares with ==; a single = only assigns: if x == 1 then") },
};

/* Does the code of line n, or of one of the two before it, match? */
static bool near_lines_match(const char *text, size_t length, int n, bool (*match)(const char *))
{
	for (int line = n; line >= 1 && line >= n - 2; line--) {
		size_t len;
		const char *raw = raw_line(text, length, line, &len);
		char code[CODE_MAX];
		if (!raw)
			continue;
		code_of(raw, len, code);
		if (match(code))
			return true;
	}
	return false;
}

/* The first line holding `else if` (two words), or 0.  Valid Lua when the
 * second if gets its own end, so only asked once the file failed. */
static int else_if_line(const char *text, size_t length)
{
	size_t len;
	const char *raw;
	for (int line = 1; (raw = raw_line(text, length, line, &len)); line++) {
		char code[CODE_MAX];
		code_of(raw, len, code);
		for (const char *p = strstr(code, "else"); p; p = strstr(p + 4, "else")) {
			const char *q = p + 4;
			if ((p > code && is_name_char(p[-1])) || (*q != ' ' && *q != '\t'))
				continue;
			q += strspn(q, " \t");
			if (!strncmp(q, "if", 2) && !is_name_char(q[2]))
				return line;
		}
	}
	return 0;
}

const char *hint_for_load_error(const char *msg, const char *text, size_t length, char *buf,
                                size_t size)
{
	int line = line_of(msg);
	const char *near = strstr(msg, " near ");
	if (!line || !near)
		return NULL; /* not a syntax error */
	for (size_t i = 0; i < sizeof load_hints / sizeof *load_hints; i++) {
		if (load_hints[i].near[0] && strncmp(near + 6, load_hints[i].near, strlen(load_hints[i].near)))
			continue;
		if (!load_hints[i].match || near_lines_match(text, length, line, load_hints[i].match)) {
			snprintf(buf, size, "%s", _(load_hints[i].hint));
			return buf;
		}
	}
	int at = else_if_line(text, length);
	if (!at)
		return NULL;
	snprintf(buf, size, _("line %d: Lua writes \"else if\" as one word, elseif (else if opens a second if, which needs its own end)"),
	         at);
	return buf;
}

const char *hint_for_run_error(const char *msg, const char *line_text, char *buf, size_t size)
{
	const char *hint = NULL;
	char code[CODE_MAX] = "";
	if (line_text)
		code_of(line_text, strlen(line_text), code);
	if (strstr(msg, "attempt to index a nil value") && strstr(code, "[0]"))
		hint = N_("Lua lists count from 1: the first item is [1], not [0] (only the data paths "
		          "in findings count from 0)");
	else if (strstr(msg, "attempt to compare") && strstr(msg, "nil"))
		hint = N_("one side is nil: a field the report does not have reads as nil (check it "
		          "first: if x ~= nil then), or a local or parameter name is misspelt");
	else if (strstr(msg, "attempt to compare") && strstr(msg, "string"))
		hint = N_("one side is text: write numbers without quotes; a number written as text in "
		          "facts (\"383,506.13\") becomes a number with dec(x)");
	if (!hint)
		return NULL;
	snprintf(buf, size, "%s", _(hint));
	return buf;
}

void hint_append_load(char *error, size_t error_size, const char *text, size_t length)
{
	char hint[512];
	if (!hint_for_load_error(error, text, length, hint, sizeof hint))
		return;
	size_t used = strlen(error);
	snprintf(error + used, error_size - used, _("\nhint: %s"), hint);
}

char *hint_insert_run(const char *msg, const char *rule_file)
{
	int line = line_of(msg);
	const char *colon = strchr(msg, ':');
	if (!line || !colon)
		return NULL;
	char file[4096];
	snprintf(file, sizeof file, "%.*s", (int)(colon - msg), msg);
	/* Lua shortens a long file name to "...its end": the rule's own file
	 * when it ends so. */
	size_t n = strlen(file), r = rule_file ? strlen(rule_file) : 0;
	if (!strncmp(file, "...", 3) && r >= n - 3 && !strcmp(rule_file + r - (n - 3), file + 3))
		snprintf(file, sizeof file, "%s", rule_file);
	size_t length, len;
	char *text = fs_read_file(file, 0, (size_t)16 << 20, &length, NULL);
	const char *raw = text ? raw_line(text, length, line, &len) : NULL;
	char *line_text = NULL;
	if (raw) {
		line_text = xmalloc(len + 1);
		memcpy(line_text, raw, len);
		line_text[len] = '\0';
	}
	free(text);
	char hint[512];
	const char *found = hint_for_run_error(msg, line_text, hint, sizeof hint);
	free(line_text);
	if (!found)
		return NULL;
	size_t first = strcspn(msg, "\n");
	char *out = NULL;
	size_t out_length;
	FILE *f = xopen_memstream(&out, &out_length);
	fprintf(f, "%.*s", (int)first, msg);
	fprintf(f, _("\nhint: %s"), hint);
	fputs(msg + first, f);
	fclose(f);
	return out;
}
