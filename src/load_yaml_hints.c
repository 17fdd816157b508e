/*
 * load_yaml_hints — see load_yaml_hints.h.
 */
#include "load_yaml_hints.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base_i18n.h"

/* The byte offset in text of line `line`, column `column` (characters,
 * both from 1), or -1. */
static long offset_of(const char *text, size_t length, int line, int column)
{
	size_t at = 0;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(text + at, '\n', length - at);
		if (!nl)
			return -1;
		at = (size_t)(nl - text) + 1;
	}
	for (int c = 1; c < column; c++) {
		if (at >= length || text[at] == '\n')
			return -1;
		at++;
		while (at < length && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
	}
	return at < length ? (long)at : -1;
}

/* The plain value around `at` in a flow collection: back to the ": "
 * after its key, on to the first , } or ] outside brackets the value
 * opened.  Its key and text into the buffers; false when there is none. */
static bool value_around(const char *text, size_t at, char *key, size_t key_size, char *value,
                         size_t value_size)
{
	size_t start = at;
	while (start > 1 && text[start - 1] != '\n' && text[start - 1] != ',' &&
	       !(text[start - 2] == ':' && text[start - 1] == ' '))
		start--;
	if (start < 2 || text[start - 2] != ':')
		return false;
	size_t key_end = start - 2, key_start = key_end;
	while (key_start > 0 && strchr(" ,{[\n-", text[key_start - 1]) == NULL)
		key_start--;
	int depth = 0;
	size_t end = start;
	for (; text[end] && text[end] != '\n'; end++) {
		if (text[end] == '[' || text[end] == '{')
			depth++;
		else if ((text[end] == ']' || text[end] == '}') && depth-- == 0)
			break;
		else if (text[end] == ',' && depth == 0)
			break;
	}
	while (end > start && text[end - 1] == ' ')
		end--;
	snprintf(key, key_size, "%.*s", (int)(key_end - key_start), text + key_start);
	snprintf(value, value_size, "%.*s", (int)(end - start), text + start);
	return key[0] && value[0];
}

const char *yaml_hint(const char *text, size_t length, int line, int column, const char *problem,
                      char *buf, size_t size)
{
	long at = offset_of(text, length, line, column);
	if (at < 0 || !strstr(problem, "flow") || (text[at] != '[' && text[at] != '{'))
		return NULL;
	char key[128], value[512];
	if (!value_around(text, (size_t)at, key, sizeof key, value, sizeof value)) {
		snprintf(buf, size, "%s", _("hint: a value holding [ or { inside { } or [ ] needs quotes, such as path: \"facts.asset_changes[0].registered_on\""));
		return buf;
	}
	char quote = strchr(value, '"') ? '\'' : '"';
	/* TRANSLATORS: the key, then its value with the quotes it needs. */
	snprintf(buf, size, _("hint: a value holding [ or { inside { } or [ ] needs quotes: %s: %c%s%c"), key,
	         quote, value, quote);
	return buf;
}
