/*
 * load_yaml — see load_yaml.h.
 *
 * Building a document runs inside lua_pcall (build_protected) because any
 * Lua allocation may raise a memory error once the state's ceiling is
 * reached; the event being handled lives in the loader context so it is
 * freed on that path too.
 */
#include "load_yaml.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "base_interrupt.h"
#include "rules_decimal.h"

const char yload_node_key = 0;

const load_limits load_limits_default = {
	.max_file_bytes = 256u << 20,
	.max_depth = 64,
	.max_nodes = 8u << 20,
	.max_aliases = 10000,
	.max_alias_expansion = 1u << 20,
	.max_scalar_bytes = 1u << 20,
};

#define RULE_YAML "pev.yaml"

int yload_open_buffer(yload *ld, const char *text, size_t length,
                            const load_limits *limits)
{
	memset(ld, 0, sizeof *ld);
	ld->limits = limits ? *limits : load_limits_default;
	ld->text = malloc(length + 1);
	if (!ld->text)
		return -1;
	memcpy(ld->text, text, length);
	ld->text[length] = '\0';
	ld->length = length;
	return 0;
}

int yload_open(yload *ld, const char *path, const load_limits *limits,
                     char *error, size_t error_size)
{
	memset(ld, 0, sizeof *ld);
	ld->limits = limits ? *limits : load_limits_default;
	/* Not opened unless it is a regular file, and then non-blocking: a
	 * FIFO named *.yaml once held the run in fopen until a signal came. */
	struct stat st;
	size_t size;
	ld->text = fs_read_file(path, 0, ld->limits.max_file_bytes, &size, &st);
	if (!ld->text) {
		if (errno == EFBIG)
			snprintf(error, error_size, _("file too large: %lld bytes, the limit is %zu bytes"),
			         (long long)st.st_size, ld->limits.max_file_bytes);
		else if (errno == ENOMEM)
			snprintf(error, error_size, "%s", _("out of memory"));
		else if (errno == EINVAL || errno == EISDIR || errno == EINTR)
			snprintf(error, error_size, "%s", fs_read_problem(errno));
		else
			snprintf(error, error_size, _("cannot read the file: %s"), strerror(errno));
		return -1;
	}
	ld->length = size;
	return 0;
}

void yload_close(yload *ld)
{
	if (ld->parser_ready)
		yaml_parser_delete(&ld->parser);
	free(ld->text);
	memset(ld, 0, sizeof *ld);
}

/* One open container while a document is built. */
typedef struct frame {
	int32_t node;     /* its positions id */
	int table;        /* its Lua stack slot */
	bool mapping;
	bool have_key;    /* a mapping key is on the stack above the table */
	const char *key;  /* that key's text, for positions: the Lua string on
	                   * the stack above the table, alive until stored */
	size_t key_length;
	uint32_t key_line, key_column;
	int32_t next_index; /* sequences: the next item's 0-based index */
	bool had_null;      /* mappings: some member's value was null */
	bool anchored;      /* has an anchor: its weight is remembered */
	size_t weight;      /* nodes it stands for, aliases expanded */
} frame;

typedef struct build_ctx {
	yload *ld;
	pos_tree *pos;
	doc_result *r;
	yaml_event_t event;
	bool have_event;
	frame *frames;
	size_t depth, frames_capacity;
	size_t nodes, aliases;
	size_t expanded; /* nodes the aliases so far stand for */
	int anchors;     /* stack slot of the anchor table */
	int null_keys;   /* stack slot: mapping table -> set of its keys whose value is null */
	size_t flow_level; /* flow collections ([ ], { }) open, by the events read */
	size_t duplicates; /* duplicate keys reported */
	bool failed; /* a problem that ends this document was reported */
} build_ctx;

/* Duplicate keys reported per document: each report looks up the first
 * occurrence in the positions tree, a walk of the mapping. */
#define DUPLICATES_REPORTED 100

static void free_frames(build_ctx *c)
{
	free(c->frames);
	c->frames = NULL;
	c->depth = 0;
}

/* A finished node of `weight` nodes joins its parent.  Saturates: past
 * the expansion limit the exact figure no longer matters. */
static void add_weight(build_ctx *c, size_t weight)
{
	if (c->depth == 0)
		return;
	frame *f = &c->frames[c->depth - 1];
	size_t cap = c->ld->limits.max_alias_expansion + 1;
	f->weight = f->weight > cap - weight ? cap : f->weight + weight;
}

static void report_at(build_ctx *c, const yaml_mark_t *m, const char *fmt, const char *detail)
{
	result_addf(c->r, RULE_YAML, SEV_ERROR, NULL, (int)m->line + 1, (int)m->column + 1, fmt,
	            detail);
}

static bool is_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

static int boolean_value(const char *s, size_t n)
{
	if ((n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4))))
		return 1;
	if ((n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5))))
		return 0;
	return -1;
}

/* Push a scalar's Lua value. */
static void push_scalar(lua_State *L, const yaml_event_t *e)
{
	const char *s = (const char *)e->data.scalar.value;
	size_t n = e->data.scalar.length;
	const char *tag = (const char *)e->data.scalar.tag;
	bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	             (!tag || strcmp(tag, "!") != 0);
	if (tag && strcmp(tag, YAML_STR_TAG) == 0)
		plain = false;
	if (plain) {
		if (is_null(s, n)) {
			lua_pushnil(L);
			return;
		}
		int b = boolean_value(s, n);
		if (b >= 0) {
			lua_pushboolean(L, b);
			return;
		}
		decimal d;
		if (n < 40 && dec_parse(s, n, &d)) {
			ldec_push(L, d);
			return;
		}
	}
	lua_pushlstring(L, s, n);
}

static int32_t add_position(build_ctx *c, lua_State *L, enum pos_kind kind, const yaml_mark_t *m)
{
	if (++c->nodes > c->ld->limits.max_nodes) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_nodes);
		report_at(c, m, _("too many nodes: more than the limit of %s"), limit);
		c->failed = true;
		return -1;
	}
	if (c->depth == 0)
		return pos_add(c->pos, -1, kind, (uint32_t)m->line + 1, (uint32_t)m->column + 1, NULL,
		               0, -1);
	frame *f = &c->frames[c->depth - 1];
	int32_t id;
	if (f->mapping)
		id = pos_add(c->pos, f->node, kind, f->key_line, f->key_column, f->key, f->key_length,
		             -1);
	else
		id = pos_add(c->pos, f->node, kind, (uint32_t)m->line + 1, (uint32_t)m->column + 1,
		             NULL, 0, f->next_index);
	if (id < 0)
		luaL_error(L, "out of memory");
	return id;
}

/* The value on top of the stack is complete: store it in the enclosing
 * container (or leave it as the root). */
static void store_value(build_ctx *c, lua_State *L)
{
	if (c->depth == 0)
		return;
	frame *f = &c->frames[c->depth - 1];
	if (f->mapping) {
		/* stack: table key value */
		if (lua_isnil(L, -1)) {
			/* The table holds no key whose value is null: keep those
			 * keys aside, so that a duplicate of one is found in
			 * constant time too. */
			f->had_null = true;
			lua_pushvalue(L, f->table);
			if (lua_rawget(L, c->null_keys) != LUA_TTABLE) {
				lua_pop(L, 1);
				lua_newtable(L);
				lua_pushvalue(L, f->table);
				lua_pushvalue(L, -2);
				lua_rawset(L, c->null_keys);
			}
			lua_pushvalue(L, -3);
			lua_pushboolean(L, 1);
			lua_rawset(L, -3);
			lua_pop(L, 1);
		}
		lua_rawset(L, f->table);
		f->key = NULL;
		f->have_key = false;
	} else {
		f->next_index++;
		if (lua_isnil(L, -1))
			lua_pop(L, 1);
		else
			lua_rawseti(L, f->table, f->next_index);
	}
}

static void remember_anchor(build_ctx *c, lua_State *L, const yaml_char_t *anchor)
{
	if (!anchor)
		return;
	lua_pushstring(L, (const char *)anchor);
	lua_pushvalue(L, -2);
	lua_rawset(L, c->anchors);
}

/* A scalar arrived where a mapping expects a key. */
static void take_key(build_ctx *c, lua_State *L, frame *f)
{
	const yaml_event_t *e = &c->event;
	const char *s = (const char *)e->data.scalar.value;
	size_t n = e->data.scalar.length;
	if (n > c->ld->limits.max_scalar_bytes) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_scalar_bytes);
		report_at(c, &e->start_mark, _("key too long: more than the limit of %s bytes"), limit);
		c->failed = true;
		return;
	}
	lua_pushlstring(L, s, n);
	/* A duplicate, in constant time: the table holds every key whose value
	 * is not null, null_keys the others.  (Searching the positions tree
	 * once a value was null made a mapping of 200,000 keys take 45 s.) */
	lua_pushvalue(L, -1);
	bool seen = lua_rawget(L, f->table) != LUA_TNIL;
	lua_pop(L, 1);
	if (!seen && f->had_null) {
		lua_pushvalue(L, f->table);
		if (lua_rawget(L, c->null_keys) == LUA_TTABLE) {
			lua_pushvalue(L, -2);
			seen = lua_rawget(L, -2) != LUA_TNIL;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	/* Only a duplicate looks for where the key was first, and only the
	 * first DUPLICATES_REPORTED of a document are reported. */
	int32_t first = seen && c->duplicates < DUPLICATES_REPORTED ? pos_child_key(c->pos, f->node, s, n) : -1;
	if (seen && c->duplicates++ == DUPLICATES_REPORTED) {
		char limit[32];
		snprintf(limit, sizeof limit, "%d", DUPLICATES_REPORTED);
		report_at(c, &e->start_mark, _("more duplicate keys: only the first %s are reported"), limit);
	}
	if (first >= 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("duplicate key '%.*s' (first on line %u)"), (int)(n > 120 ? 120 : n),
		         s, c->pos->nodes[first].line);
		result_add(c->r, RULE_YAML, SEV_ERROR, msg, NULL, (int)e->start_mark.line + 1,
		           (int)e->start_mark.column + 1);
	}
	f->key = lua_tostring(L, -1);
	f->key_length = n;
	f->key_line = (uint32_t)e->start_mark.line + 1;
	f->key_column = (uint32_t)e->start_mark.column + 1;
	f->have_key = true;
}

static void open_container(build_ctx *c, lua_State *L, bool mapping)
{
	const yaml_event_t *e = &c->event;
	if (c->depth >= c->ld->limits.max_depth) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_depth);
		report_at(c, &e->start_mark, _("nested too deeply: more than the limit of %s levels"), limit);
		c->failed = true;
		return;
	}
	int32_t id = add_position(c, L, mapping ? POS_MAPPING : POS_SEQUENCE, &e->start_mark);
	if (id < 0)
		return;
	ARRAY_GROW(c->frames, c->depth, c->frames_capacity);
	luaL_checkstack(L, 4, "document nested too deeply");
	/* Room for 8: a report's mappings (targets, budget, indicators) mostly
	 * hold 5 to 12 keys and the node id; from 4 they were rehashed twice. */
	lua_createtable(L, 0, mapping ? 8 : 0);
	lua_pushlightuserdata(L, (void *)&yload_node_key);
	lua_pushinteger(L, id);
	lua_rawset(L, -3);
	const yaml_char_t *anchor = mapping ? e->data.mapping_start.anchor
	                                    : e->data.sequence_start.anchor;
	remember_anchor(c, L, anchor);
	frame *f = &c->frames[c->depth++];
	memset(f, 0, sizeof *f);
	f->node = id;
	f->table = lua_gettop(L);
	f->mapping = mapping;
	f->anchored = anchor != NULL;
	f->weight = 1;
}

static void close_container(build_ctx *c, lua_State *L)
{
	frame *f = &c->frames[--c->depth];
	f->key = NULL;
	if (f->anchored) {
		/* The anchor table also maps each anchored container to the
		 * number of nodes it stands for, so an alias to it counts them
		 * without walking it. */
		lua_pushvalue(L, f->table);
		lua_pushinteger(L, (lua_Integer)f->weight);
		lua_rawset(L, c->anchors);
	}
	size_t weight = f->weight;
	store_value(c, L);
	add_weight(c, weight);
}

static void handle_value(build_ctx *c, lua_State *L)
{
	yaml_event_t *e = &c->event;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		if (e->data.scalar.length > c->ld->limits.max_scalar_bytes) {
			char limit[32];
			snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_scalar_bytes);
			report_at(c, &e->start_mark, _("scalar too long: more than the limit of %s bytes"), limit);
			c->failed = true;
			return;
		}
		if (add_position(c, L, POS_SCALAR, &e->start_mark) < 0)
			return;
		push_scalar(L, e);
		remember_anchor(c, L, e->data.scalar.anchor);
		store_value(c, L);
		add_weight(c, 1);
		break;
	case YAML_ALIAS_EVENT:
		if (++c->aliases > c->ld->limits.max_aliases) {
			char limit[32];
			snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_aliases);
			report_at(c, &e->start_mark, _("too many aliases: more than the limit of %s"), limit);
			c->failed = true;
			return;
		}
		if (add_position(c, L, POS_SCALAR, &e->start_mark) < 0)
			return;
		lua_pushstring(L, (const char *)e->data.alias.anchor);
		lua_rawget(L, c->anchors);
		for (size_t i = 0; lua_istable(L, -1) && i < c->depth; i++) {
			if (lua_rawequal(L, -1, c->frames[i].table)) {
				/* A node that contains itself would make every walk
				 * of the report endless. */
				report_at(c, &e->start_mark, _("alias *%s refers to a node that contains it (a cycle)"),
				          (const char *)e->data.alias.anchor);
				c->failed = true;
				lua_pop(L, 1);
				return;
			}
		}
		if (lua_isnil(L, -1) && c->depth > 0) {
			/* libyaml accepts an alias whose anchor it has not seen
			 * only in error cases; say so rather than load nil. */
			report_at(c, &e->start_mark, _("undefined anchor *%s"),
			          (const char *)e->data.alias.anchor);
		}
		/* Aliases are shared, not copied, but every walk of the report
		 * (a rule, a test base merged over) meets the node once per
		 * alias: nested aliases to aliases are the "billion laughs". */
		size_t weight = 1;
		if (lua_istable(L, -1)) {
			lua_pushvalue(L, -1);
			lua_rawget(L, c->anchors);
			weight = (size_t)lua_tointeger(L, -1);
			lua_pop(L, 1);
		}
		size_t limit = c->ld->limits.max_alias_expansion;
		c->expanded = c->expanded > limit - (weight > limit ? limit : weight)
		                      ? limit + 1
		                      : c->expanded + weight;
		if (c->expanded > limit) {
			char text[32];
			snprintf(text, sizeof text, "%zu", limit);
			report_at(c, &e->start_mark,
			          _("aliases expand to too many nodes: more than %s (aliases of aliases)"), text);
			c->failed = true;
			lua_pop(L, 1);
			return;
		}
		store_value(c, L);
		add_weight(c, weight);
		break;
	case YAML_MAPPING_START_EVENT:
		open_container(c, L, true);
		break;
	case YAML_SEQUENCE_START_EVENT:
		open_container(c, L, false);
		break;
	default:
		break;
	}
}

static void report_parser_error(build_ctx *c)
{
	yaml_parser_t *p = &c->ld->parser;
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
	char msg[512];
	const char *problem = p->problem ? p->problem : _("syntax error");
	if (p->context)
		snprintf(msg, sizeof msg, _("YAML syntax error: %s (%s)"), problem, p->context);
	else
		snprintf(msg, sizeof msg, _("YAML syntax error: %s"), problem);
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors (bad UTF-8, control characters) carry a byte
		 * offset, not a line: count the lines up to it. */
		size_t offset = p->problem_offset < c->ld->length ? p->problem_offset : c->ld->length;
		int line = 1, column = 1;
		for (size_t i = 0; i < offset; i++) {
			if (c->ld->text[i] == '\n') {
				line++;
				column = 1;
			} else if (((unsigned char)c->ld->text[i] & 0xC0) != 0x80) {
				column++;
			}
		}
		snprintf(msg, sizeof msg, _("cannot read as UTF-8 text: %s (byte offset %zu)"), problem, offset);
		result_add(c->r, RULE_YAML, SEV_ERROR, msg, NULL, line, column);
		return;
	}
	result_add(c->r, RULE_YAML, SEV_ERROR, msg, NULL, (int)m->line + 1, (int)m->column + 1);
}

/* Pull the next event into c->event; false (and a finding) on a syntax
 * error, which ends the stream. */
static bool next_event(build_ctx *c)
{
	if (c->have_event) {
		yaml_event_delete(&c->event);
		c->have_event = false;
	}
	if (!yaml_parser_parse(&c->ld->parser, &c->event)) {
		report_parser_error(c);
		c->ld->finished = true;
		return false;
	}
	c->have_event = true;
	return true;
}

/* The file cannot be read on: say from where, so that no document after
 * this point is dropped without a word. */
static void end_file(build_ctx *c, const char *why)
{
	yaml_mark_t none = { 0, 0, 0 };
	const yaml_mark_t *m = c->have_event ? &c->event.start_mark : &none;
	result_addf(c->r, RULE_YAML, SEV_ERROR, NULL, (int)m->line + 1, (int)m->column + 1,
	            _("the rest of the file, from line %d on, is not checked: %s"), (int)m->line + 1, why);
	c->ld->finished = true;
	c->ld->pending_start = false;
}

/* Count the flow collections the event opens or closes; false (and the
 * file ended) when reading on is not safe: SIGINT or SIGTERM, or a
 * document being skipped whose flow collections nest deeper than the
 * limit.  libyaml's own time is quadratic in that depth ("[[[[..."):
 * skipping 200,000 of them took 87 s.  (A flow collection holds only flow
 * collections, so any end inside one closes a flow collection.) */
static bool read_on(build_ctx *c)
{
	const yaml_event_t *e = &c->event;
	if ((e->type == YAML_SEQUENCE_START_EVENT && e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE) ||
	    (e->type == YAML_MAPPING_START_EVENT && e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE))
		c->flow_level++;
	else if ((e->type == YAML_MAPPING_END_EVENT || e->type == YAML_SEQUENCE_END_EVENT) && c->flow_level > 0)
		c->flow_level--;
	if ((++c->ld->events & 1023) == 0 && interrupt_signal()) {
		end_file(c, _("the check was interrupted"));
		return false;
	}
	if (c->failed && c->flow_level > c->ld->limits.max_depth) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", c->ld->limits.max_depth);
		char why[256];
		snprintf(why, sizeof why, _("lists and mappings in brackets nested more than %s deep cannot be skipped to reach the next document"), limit);
		end_file(c, why);
		return false;
	}
	return true;
}

/* Read the document that failed to its end, building nothing, then look
 * ahead: the documents after it are still checked. */
static void skip_document(build_ctx *c)
{
	c->failed = true;
	while (c->event.type != YAML_DOCUMENT_END_EVENT) {
		if (!next_event(c) || (c->event.type != YAML_DOCUMENT_END_EVENT && !read_on(c)))
			return;
	}
	if (next_event(c)) {
		if (c->event.type == YAML_DOCUMENT_START_EVENT)
			c->ld->pending_start = true;
		else
			c->ld->finished = true;
	}
}

/* Build from one event of the document; sets have_root when the root is
 * complete. */
static void build_event(build_ctx *c, lua_State *L, bool *have_root)
{
	yaml_event_t *e = &c->event;
	if (e->type == YAML_MAPPING_END_EVENT || e->type == YAML_SEQUENCE_END_EVENT) {
		close_container(c, L);
		if (c->depth == 0)
			*have_root = true;
		return;
	}
	frame *f = c->depth ? &c->frames[c->depth - 1] : NULL;
	if (f && f->mapping && !f->have_key) {
		if (e->type == YAML_SCALAR_EVENT) {
			take_key(c, L, f);
		} else {
			report_at(c, &e->start_mark, _("a key must be text or a number, not a list, a mapping or an alias%s"), "");
			c->failed = true;
		}
		return;
	}
	handle_value(c, L);
	if (c->depth == 0 && !c->failed)
		*have_root = true;
}

/* lua_pcall body: build one document; leaves [null keys, root-or-nil]. */
static int build_protected(lua_State *L)
{
	build_ctx *c = lua_touserdata(L, 1);
	lua_settop(L, 0);
	lua_newtable(L);
	c->anchors = 1;
	lua_newtable(L);
	c->null_keys = 2;
	yload *ld = c->ld;

	if (!ld->pending_start) {
		/* Find the start of the next document. */
		for (;;) {
			if (!next_event(c)) {
				lua_pushnil(L);
				return 2;
			}
			if (c->event.type == YAML_DOCUMENT_START_EVENT)
				break;
			if (c->event.type == YAML_STREAM_END_EVENT) {
				ld->finished = true;
				return 1; /* no document */
			}
		}
	}
	ld->pending_start = false;

	bool have_root = false;
	for (;;) {
		if (!next_event(c)) {
			lua_settop(L, 2);
			lua_pushnil(L);
			return 2;
		}
		if (c->event.type == YAML_DOCUMENT_END_EVENT)
			break;
		if (!read_on(c)) {
			lua_settop(L, 2);
			lua_pushnil(L);
			return 2;
		}
		build_event(c, L, &have_root);
		if (c->failed) {
			/* The first problem that ends the document: build
			 * nothing more, and go on with the next document. */
			skip_document(c);
			lua_settop(L, 2);
			lua_pushnil(L);
			return 2;
		}
	}
	if (!have_root) {
		lua_settop(L, 2);
		lua_pushnil(L);
	}
	/* Look ahead so the caller knows whether more documents follow. */
	if (next_event(c)) {
		if (c->event.type == YAML_DOCUMENT_START_EVENT)
			ld->pending_start = true;
		else
			ld->finished = true;
	}
	return 2;
}

int yload_next(yload *ld, lua_State *L, pos_tree *pos, doc_result *r)
{
	if (ld->finished && !ld->pending_start) {
		if (ld->documents > 0 || !ld->text)
			return 0;
	}
	if (!ld->parser_ready) {
		if (!yaml_parser_initialize(&ld->parser))
			return 0;
		yaml_parser_set_input_string(&ld->parser, (const unsigned char *)ld->text, ld->length);
		ld->parser_ready = true;
		/* The first event is always STREAM_START. */
		yaml_event_t e;
		if (!yaml_parser_parse(&ld->parser, &e)) {
			build_ctx c = { .ld = ld, .r = r };
			report_parser_error(&c);
			ld->finished = true;
			ld->documents++;
			lua_pushnil(L);
			return 1;
		}
		yaml_event_delete(&e);
	}
	pos_tree_reset(pos);
	build_ctx c = { .ld = ld, .pos = pos, .r = r };
	int top = lua_gettop(L);
	lua_pushcfunction(L, build_protected);
	lua_pushlightuserdata(L, &c);
	int status = lua_pcall(L, 1, LUA_MULTRET, 0);
	free_frames(&c);
	if (status != LUA_OK) {
		const char *why = lua_tostring(L, -1);
		result_addf(r, RULE_YAML, SEV_ERROR, NULL, 0, 0, _("cannot load the document: %s"),
		            status == LUA_ERRMEM ? _("over the memory limit") : (why ? why : _("unknown error")));
		lua_settop(L, top);
		/* The parser is inside the document: read on to its end, so
		 * that the documents after it are still checked (a rule that
		 * filled the state once made the rest of a file vanish). */
		if (c.have_event)
			skip_document(&c);
		else
			end_file(&c, status == LUA_ERRMEM ? _("over the memory limit") : _("unknown error"));
	}
	if (c.have_event)
		yaml_event_delete(&c.event);
	if (status != LUA_OK) {
		ld->documents++;
		lua_pushnil(L);
		return 1;
	}
	int results = lua_gettop(L) - top;
	if (results == 1) {
		/* The stream held no (further) document. */
		lua_settop(L, top);
		if (ld->documents > 0)
			return 0;
		ld->documents++;
		result_add(r, RULE_YAML, SEV_ERROR, _("empty file: no YAML document"), NULL, 1, 1);
		lua_pushnil(L);
		return 1;
	}
	lua_remove(L, top + 1); /* the null keys */
	ld->documents++;
	return 1;
}

bool yload_more(yload *ld)
{
	return ld->pending_start;
}
