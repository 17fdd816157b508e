/*
 * rules_coverage — see rules_coverage.h.  The dump parser follows ldump.c of Lua 5.4:
 * sizes are big-endian groups of 7 bits with the high bit on the last
 * byte; a function is source, lines, flags, code, constants, upvalues,
 * nested functions, then debug information (relative line per
 * instruction, absolute lines every so often, locals, upvalue names).
 */
#include "rules_coverage.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"

#define ABSLINEINFO (-0x80)

typedef struct file_lines {
	char *file;
	unsigned char *can_run, *ran; /* one byte per line, index = line */
	int lines;
} file_lines;

struct rule_coverage {
	file_lines *files;
	size_t count, capacity;
	size_t last; /* the file the previous hit was in: hits come in runs */
};

rule_coverage *coverage_new(void)
{
	return xcalloc(1, sizeof(rule_coverage));
}

void coverage_free(rule_coverage *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		free(c->files[i].file);
		free(c->files[i].can_run);
		free(c->files[i].ran);
	}
	free(c->files);
	free(c);
}

static file_lines *file_of(rule_coverage *c, const char *file, bool create)
{
	if (c->last < c->count && !strcmp(c->files[c->last].file, file))
		return &c->files[c->last];
	for (size_t i = 0; i < c->count; i++)
		if (!strcmp(c->files[i].file, file)) {
			c->last = i;
			return &c->files[i];
		}
	if (!create)
		return NULL;
	ARRAY_GROW(c->files, c->count, c->capacity);
	file_lines *f = &c->files[c->count++];
	memset(f, 0, sizeof *f);
	f->file = xstrdup(file);
	return f;
}

static bool grow(file_lines *f, int line)
{
	if (line < f->lines)
		return true;
	int n = line + 64;
	f->can_run = xrealloc(f->can_run, (size_t)n);
	f->ran = xrealloc(f->ran, (size_t)n);
	memset(f->can_run + f->lines, 0, (size_t)(n - f->lines));
	memset(f->ran + f->lines, 0, (size_t)(n - f->lines));
	f->lines = n;
	return true;
}

typedef struct reader {
	const unsigned char *p, *end;
	bool bad;
} reader;

static unsigned char byte(reader *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

static void skip(reader *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		r->p = r->end;
	} else {
		r->p += n;
	}
}

static size_t size(reader *r)
{
	size_t x = 0;
	for (int i = 0; i < 10; i++) {
		unsigned char b = byte(r);
		x = (x << 7) | (b & 0x7f);
		if (b & 0x80)
			return x;
	}
	r->bad = true;
	return 0;
}

static void skip_string(reader *r)
{
	size_t n = size(r);
	if (n > 0)
		skip(r, n - 1);
}

static void function(reader *r, file_lines *f, int depth)
{
	if (depth > 200) {
		r->bad = true;
		return;
	}
	skip_string(r); /* source */
	int line = (int)size(r); /* linedefined */
	size(r);                 /* lastlinedefined */
	byte(r);                 /* numparams */
	bool vararg = byte(r);
	byte(r); /* maxstacksize */
	size_t code = size(r);
	skip(r, code * 4);
	size_t constants = size(r);
	for (size_t i = 0; i < constants && !r->bad; i++) {
		unsigned char type = byte(r);
		switch (type & 0x3f) {
		case 0x03: /* LUA_VNUMINT */
		case 0x13: /* LUA_VNUMFLT */
			skip(r, 8);
			break;
		case 0x04: /* LUA_VSHRSTR */
		case 0x14: /* LUA_VLNGSTR */
			skip_string(r);
			break;
		default: /* nil, false, true: no payload */
			break;
		}
	}
	size_t upvalues = size(r);
	skip(r, upvalues * 3);
	size_t protos = size(r);
	for (size_t i = 0; i < protos && !r->bad; i++)
		function(r, f, depth + 1);
	size_t nlines = size(r);
	const unsigned char *lineinfo = r->p;
	skip(r, nlines);
	size_t nabs = size(r);
	size_t *abs_pc = xcalloc(nabs + 1, sizeof *abs_pc);
	int *abs_line = xcalloc(nabs + 1, sizeof *abs_line);
	for (size_t i = 0; i < nabs && !r->bad; i++) {
		abs_pc[i] = size(r);
		abs_line[i] = (int)size(r);
	}
	size_t locals = size(r);
	for (size_t i = 0; i < locals && !r->bad; i++) {
		skip_string(r);
		size(r);
		size(r);
	}
	size_t names = size(r);
	for (size_t i = 0; i < names && !r->bad; i++)
		skip_string(r);
	if (!r->bad) {
		/* As collectvalidlines does: a vararg function's first
		 * instruction (VARARGPREP) is not a line of its own. */
		size_t a = 0;
		for (size_t pc = 0; pc < nlines; pc++) {
			signed char delta = (signed char)lineinfo[pc];
			if (delta == ABSLINEINFO) {
				while (a < nabs && abs_pc[a] < pc)
					a++;
				if (a < nabs)
					line = abs_line[a];
			} else {
				line += delta;
			}
			if ((vararg && pc == 0) || line <= 0 || line > 1000000)
				continue;
			if (grow(f, line))
				f->can_run[line] = 1;
		}
	}
	free(abs_pc);
	free(abs_line);
}

int coverage_add_chunk(rule_coverage *c, const char *file, const unsigned char *dump,
                       size_t length)
{
	reader r = { dump, dump + length, false };
	/* header: signature, version, format, LUAC_DATA, three sizes,
	 * LUAC_INT, LUAC_NUM; then the main function's upvalue count */
	if (length < 32 || memcmp(dump, "\x1bLua\x54", 5) != 0)
		return -1;
	skip(&r, 4 + 1 + 1 + 6 + 3);
	skip(&r, (size_t)dump[13] + (size_t)dump[14]);
	byte(&r);
	file_lines *f = file_of(c, file, true);
	if (!f)
		return -1;
	function(&r, f, 0);
	return r.bad ? -1 : 0;
}

void coverage_hit(rule_coverage *c, const char *file, int line)
{
	file_lines *f = file_of(c, file, false);
	if (f && line > 0 && grow(f, line))
		f->ran[line] = 1;
}

void coverage_report(const rule_coverage *c, FILE *out)
{
	fputs(_("\nRule coverage:\n"), out);
	size_t total_can = 0, total_ran = 0;
	for (size_t i = 0; i < c->count; i++) {
		const file_lines *f = &c->files[i];
		size_t can = 0, ran = 0;
		for (int l = 0; l < f->lines; l++) {
			can += f->can_run[l];
			ran += f->can_run[l] && f->ran[l];
		}
		total_can += can;
		total_ran += ran;
		fprintf(out, "  %5.1f%%  %3zu/%-3zu  %s", can ? 100.0 * (double)ran / (double)can : 100.0,
		        ran, can, f->file);
		/* never-run lines as ranges: 12-14, 20 */
		bool first = true;
		for (int l = 0; l < f->lines; l++) {
			if (!f->can_run[l] || f->ran[l])
				continue;
			int end = l;
			while (end + 1 < f->lines && (!f->can_run[end + 1] || !f->ran[end + 1]) &&
			       f->can_run[end + 1])
				end++;
			fprintf(out, "%s%d", first ? _("  lines never run: ") : ", ", l);
			if (end > l)
				fprintf(out, "-%d", end);
			first = false;
			l = end;
		}
		fputc('\n', out);
	}
	fprintf(out, _("  %5.1f%%  %zu/%zu  total\n"),
	        total_can ? 100.0 * (double)total_ran / (double)total_can : 100.0, total_ran,
	        total_can);
}
