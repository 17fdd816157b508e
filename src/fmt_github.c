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
#include <utf8proc.h>

#include "fmt.h"
#include "base_i18n.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

static void write_escaped(FILE *out, const char *s, bool property)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((const char *)p);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			fputs(REPLACEMENT, out);
			p++;
			left--;
			continue;
		}
		if (cp == '%')
			fputs("%25", out);
		else if (cp == '\r')
			fputs("%0D", out);
		else if (cp == '\n')
			fputs("%0A", out);
		else if (property && cp == ':')
			fputs("%3A", out);
		else if (property && cp == ',')
			fputs("%2C", out);
		else if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
			fputs(REPLACEMENT, out);
		else
			fwrite(p, 1, (size_t)n, out);
		p += n;
		left -= n;
	}
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
