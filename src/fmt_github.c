/*
 * fmt_github — GitHub Actions workflow commands: one ::error, ::warning or
 * ::notice line per finding, which the runner turns into an annotation on
 * the data file's line, then a plain summary line.
 *
 * The runner reads one command a line, so every value is escaped the way
 * GitHub's own toolkit does it (@actions/core, command.ts): %, CR and LF in
 * the message; those and ":" and "," in the properties.  Bytes that are not
 * UTF-8 and control characters become U+FFFD: a message cannot end the
 * command early, start another, or paint the log.
 */
#include <string.h>

#include "base_i18n.h"
#include "fmt.h"
#include "fmt_shared.h"

static const char *command_escape(int32_t cp, const char *next, const char *end, void *property)
{
	(void)next, (void)end;
	if (cp == '%')
		return "%25";
	if (cp == '\r')
		return "%0D";
	if (cp == '\n')
		return "%0A";
	if (*(bool *)property && cp == ':')
		return "%3A";
	if (*(bool *)property && cp == ',')
		return "%2C";
	if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
		return FMT_REPLACEMENT;
	return NULL;
}

static void write_escaped(FILE *out, const char *s, bool property)
{
	s = s ? s : "";
	fmt_write_text(out, s, strlen(s), command_escape, &property);
}

static const char *command(const finding *f)
{
	if (f->waived)
		return "notice";
	return f->severity == SEV_ERROR ? "error" : f->severity == SEV_WARNING ? "warning" : "notice";
}

static void github_begin(printer *p)
{
	(void)p;
}

static void github_document(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	p->first = false;
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		fprintf(out, "::%s file=", command(f));
		write_escaped(out, r->file, true);
		if (f->line > 0) {
			fprintf(out, ",line=%d", f->line);
			if (f->column > 0)
				fprintf(out, ",col=%d", f->column);
		}
		fputs(",title=", out);
		write_escaped(out, f->rule, true);
		if (f->waived)
			write_escaped(out, _(" (waived)"), true);
		fputs("::", out);
		if (f->where) {
			/* no line in the workbook: the cell leads the message */
			write_escaped(out, f->where, false);
			write_escaped(out, ": ", false);
		}
		write_escaped(out, f->message, false);
		fputc('\n', out);
	}
}

static void github_end(printer *p, const run_summary *s)
{
	char files[64], documents[64], errors[64], warnings[64], infos[64];
	fprintf(p->options.out, _("pevcheck: %s (%s): %s, %s, %s, %zu waived\n"),
	        i18n_count(files, sizeof files, ngettext("%zu file", "%zu files", s->files), s->files),
	        i18n_count(documents, sizeof documents,
	                   ngettext("%zu report", "%zu reports", s->documents), s->documents),
	        i18n_count(errors, sizeof errors, ngettext("%zu error", "%zu errors", s->errors), s->errors),
	        i18n_count(warnings, sizeof warnings, ngettext("%zu warning", "%zu warnings", s->warnings),
	                   s->warnings),
	        i18n_count(infos, sizeof infos, ngettext("%zu info", "%zu info", s->infos), s->infos),
	        s->waived);
}

void fmt_github_init(printer *p)
{
	p->begin = github_begin;
	p->document = github_document;
	p->end = github_end;
}
