/*
 * load_form_yaml — see load_form_yaml.h.
 */
#include "load_form_yaml.h"

#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"

enum ytype { Y_MAP, Y_LIST, Y_SCALAR };

struct ynode {
	char *key; /* in a mapping; NULL for a list item */
	enum ytype type;
	char *value; /* Y_SCALAR: YAML text */
	char *raw;   /* Y_SCALAR set as text: the text itself */
	form_place place;
	ynode **kids;
	size_t count, capacity;
};

static ynode *new_node(enum ytype type, const char *key)
{
	ynode *n = xcalloc(1, sizeof *n);
	n->type = type;
	n->key = key ? xstrdup(key) : NULL;
	return n;
}

ynode *ynode_map(void)
{
	return new_node(Y_MAP, NULL);
}

void ynode_free(ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->value);
	free(n->raw);
	free(n);
}

static void add_kid(ynode *parent, ynode *kid, bool first)
{
	if (parent->count == parent->capacity) {
		parent->capacity = parent->capacity ? parent->capacity * 2 : 8;
		parent->kids = xrealloc(parent->kids, parent->capacity * sizeof *parent->kids);
	}
	if (first) {
		memmove(parent->kids + 1, parent->kids, parent->count * sizeof *parent->kids);
		parent->kids[0] = kid;
	} else {
		parent->kids[parent->count] = kid;
	}
	parent->count++;
}

static ynode *find_key(ynode *map, const char *key, size_t len)
{
	for (size_t i = 0; i < map->count; i++)
		if (map->kids[i]->key && strlen(map->kids[i]->key) == len &&
		    !memcmp(map->kids[i]->key, key, len))
			return map->kids[i];
	return NULL;
}

/* The node at path under map: the mappings on the way made when create;
 * the last part made as `last` type.  NULL when not there (or a part is
 * not a mapping). */
static ynode *walk(ynode *map, const char *path, bool create, enum ytype last)
{
	ynode *at = map;
	const char *p = path;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (at->type != Y_MAP)
			return NULL;
		ynode *next = find_key(at, p, len);
		if (!next) {
			if (!create)
				return NULL;
			char key[256];
			size_t n = len < sizeof key - 1 ? len : sizeof key - 1;
			memcpy(key, p, n);
			key[n] = '\0';
			next = new_node(dot ? Y_MAP : last, key);
			add_kid(at, next, false);
		}
		if (!dot)
			return next;
		at = next;
		p = dot + 1;
	}
}

ynode *ynode_path(ynode *map, const char *path)
{
	return walk(map, path, true, Y_MAP);
}

ynode *ynode_list(ynode *map, const char *path)
{
	return walk(map, path, true, Y_LIST);
}

ynode *ynode_push_map(ynode *list)
{
	ynode *n = new_node(Y_MAP, NULL);
	add_kid(list, n, false);
	return n;
}

ynode *ynode_unshift_map(ynode *list)
{
	ynode *n = new_node(Y_MAP, NULL);
	add_kid(list, n, true);
	return n;
}

bool ynode_has(ynode *map, const char *path)
{
	return walk(map, path, false, Y_SCALAR) != NULL;
}

static void set(ynode *map, const char *path, char *value, const char *raw, const form_place *place)
{
	if (ynode_has(map, path)) {
		free(value);
		return;
	}
	ynode *n = walk(map, path, true, Y_SCALAR);
	if (!n || n->type != Y_SCALAR) {
		free(value);
		return;
	}
	n->value = value;
	n->raw = raw ? xstrdup(raw) : NULL;
	if (place)
		n->place = *place;
}

ynode *ynode_get(ynode *map, const char *path)
{
	return walk(map, path, false, Y_SCALAR);
}

static size_t order_rank(const ynode *n, const char *const *keys)
{
	size_t i = 0;
	for (; keys[i]; i++)
		if (n->key && !strcmp(n->key, keys[i]))
			return i;
	return i;
}

void ynode_order(ynode *map, const char *const *keys)
{
	/* insertion sort: stable, and a mapping has a dozen keys */
	for (size_t i = 1; i < map->count; i++) {
		ynode *n = map->kids[i];
		size_t rank = order_rank(n, keys), j = i;
		while (j > 0 && order_rank(map->kids[j - 1], keys) > rank) {
			map->kids[j] = map->kids[j - 1];
			j--;
		}
		map->kids[j] = n;
	}
}

const char *ynode_text(ynode *map, const char *path)
{
	const ynode *n = walk(map, path, false, Y_SCALAR);
	return n && n->type == Y_SCALAR ? n->raw : NULL;
}

const form_place *ynode_place(ynode *map, const char *path)
{
	const ynode *n = walk(map, path, false, Y_SCALAR);
	return n ? &n->place : NULL;
}

size_t ynode_count(const ynode *n)
{
	return n ? n->count : 0;
}

ynode *ynode_item(ynode *list, size_t i)
{
	return list && i < list->count ? list->kids[i] : NULL;
}

ynode *ynode_find(ynode *list, const char *key, const char *text)
{
	for (size_t i = 0; list && i < list->count; i++) {
		const char *t = ynode_text(list->kids[i], key);
		if (t && !strcmp(t, text))
			return list->kids[i];
	}
	return NULL;
}

/* The length of the character at p that YAML cannot hold as it is: a
 * control or a line break (a raw one would end a comment, or be folded to
 * a space in a quoted scalar), or a noncharacter YAML's reader refuses (C1
 * controls, U+FFFE, U+FFFF); 0 for any other.  Tab is left to the caller. */
static size_t yaml_unsafe(const unsigned char *p)
{
	if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 3;
	return 0;
}

/* YAML's escape for the character yaml_unsafe measured n bytes at p. */
static size_t escape_unsafe(const unsigned char *p, size_t n, char *out)
{
	if (n == 1 && *p == '\n')
		return (size_t)sprintf(out, "\\n");
	if (n == 1)
		return (size_t)sprintf(out, "\\x%02x", *p);
	if (n == 2)
		return (size_t)sprintf(out, "\\x%02x", p[1]); /* U+0080..U+009F */
	if (p[0] == 0xe2)
		return (size_t)sprintf(out, "\\%c", p[2] == 0xa8 ? 'L' : 'P');
	return (size_t)sprintf(out, "\\u%s", p[2] == 0xbe ? "FFFE" : "FFFF");
}

/* A YAML double-quoted scalar of s. */
static char *quote(const char *s)
{
	size_t len = strlen(s);
	char *out = xmalloc(len * 4 + 3);
	size_t k = 0;
	out[k++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = yaml_unsafe(p);
		if (n) {
			k += escape_unsafe(p, n, out + k);
			p += n;
		} else if (*p == '"' || *p == '\\' || *p == '\t') {
			out[k++] = '\\';
			out[k++] = *p == '\t' ? 't' : (char)*p;
			p++;
		} else {
			out[k++] = (char)*p++;
		}
	}
	out[k++] = '"';
	out[k] = '\0';
	return out;
}

void ynode_set_text(ynode *map, const char *path, const char *text, const form_place *place)
{
	set(map, path, text ? quote(text) : xstrdup("~"), text, place);
}

void ynode_set_blank(ynode *map, const char *path, const form_place *place)
{
	set(map, path, xstrdup("~"), NULL, place);
}

void ynode_set_integer(ynode *map, const char *path, long value, const form_place *place)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", value);
	set(map, path, xstrdup(buf), buf, place);
}

void ynode_set_bool(ynode *map, const char *path, bool value, const form_place *place)
{
	set(map, path, xstrdup(value ? "true" : "false"), NULL, place);
}

/* ---- writing ------------------------------------------------------------------------ */

void form_lines_add(form_lines *l, const form_place *place, const char *path, unsigned document)
{
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? l->capacity * 2 : 64;
		l->items = xrealloc(l->items, l->capacity * sizeof *l->items);
	}
	form_line *x = &l->items[l->count++];
	memset(x, 0, sizeof *x);
	if (place)
		x->place = *place;
	x->path = path ? xstrdup(path) : NULL;
	x->document = document;
}

void form_lines_free(form_lines *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].path);
	free(l->items);
	memset(l, 0, sizeof *l);
}

typedef struct writer {
	FILE *out;
	form_lines *lines;
	unsigned document;
	char path[1024]; /* data path of the node being written */
} writer;

void form_yaml_comment(FILE *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = yaml_unsafe(p);
		if (n) {
			fputs("\xef\xbf\xbd", out); /* U+FFFD */
			p += n;
		} else {
			fputc(*p++, out);
		}
	}
}

/* End a line: its place (none for structure) and the value's path. */
static void end_line(writer *w, const form_place *place, bool value)
{
	if (place && place->kind != PLACE_NONE && place->text[0]) {
		fputs("  # ", w->out);
		form_yaml_comment(w->out, place->text);
	}
	fputc('\n', w->out);
	form_lines_add(w->lines, place, value ? w->path : NULL, w->document);
}

/* Extend the path by a key (".key") or a list index ("[i]"); returns the
 * length to cut it back to. */
static size_t path_push(writer *w, const char *key, size_t index)
{
	size_t at = strlen(w->path);
	if (key)
		snprintf(w->path + at, sizeof w->path - at, "%s%s", at ? "." : "", key);
	else
		snprintf(w->path + at, sizeof w->path - at, "[%zu]", index);
	return at;
}

static void indent_by(FILE *out, int indent)
{
	for (int i = 0; i < indent; i++)
		fputc(' ', out);
}

static void key_value(FILE *out, const char *key, const char *value)
{
	fputs(key, out);
	fputs(": ", out);
	fputs(value, out);
}

static void write_node(writer *w, const ynode *n, int indent);

/* The entries of a mapping; the first on the current line when dash. */
static void write_map(writer *w, const ynode *n, int indent, bool dash)
{
	for (size_t i = 0; i < n->count; i++) {
		if (!(dash && i == 0))
			indent_by(w->out, indent);
		write_node(w, n->kids[i], indent);
	}
}

static void write_list(writer *w, const ynode *n, int indent)
{
	size_t written = 0;
	for (size_t i = 0; i < n->count; i++) {
		if (n->kids[i]->count == 0)
			continue; /* nothing was read for this item */
		size_t at = path_push(w, NULL, written++);
		indent_by(w->out, indent + 2);
		fputs("- ", w->out);
		write_map(w, n->kids[i], indent + 4, true);
		w->path[at] = '\0';
	}
}

static void write_node(writer *w, const ynode *n, int indent)
{
	size_t at = path_push(w, n->key, 0);
	if (n->type == Y_SCALAR) {
		key_value(w->out, n->key, n->value);
		end_line(w, &n->place, true);
	} else if (n->count == 0) {
		key_value(w->out, n->key, n->type == Y_MAP ? "{}" : "[]");
		end_line(w, NULL, false);
	} else {
		fputs(n->key, w->out);
		fputc(':', w->out);
		end_line(w, NULL, false);
		if (n->type == Y_MAP)
			write_map(w, n, indent + 2, false);
		else
			write_list(w, n, indent);
	}
	w->path[at] = '\0';
}

void ynode_write(const ynode *root, FILE *out, form_lines *lines, unsigned document)
{
	writer w = { .out = out, .lines = lines, .document = document };
	write_map(&w, root, 0, false);
}
