/*
 * fmt — the table of output formats.
 */
#include "fmt.h"

#include <string.h>

static const struct {
	const char *name;
	void (*init)(printer *p);
} formats[] = {
	{ "text", fmt_text_init },
	{ "json", fmt_json_init },
	{ "junit", fmt_junit_init },
	{ "sarif", fmt_sarif_init },
	{ "github", fmt_github_init },
	{ "markdown", fmt_markdown_init },
	{ "html", fmt_html_init },
};

bool format_printer(const char *name, const format_options *options, printer *out)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		if (!strcmp(formats[i].name, name)) {
			memset(out, 0, sizeof *out);
			out->options = *options;
			out->first = true;
			formats[i].init(out);
			return true;
		}
	}
	return false;
}

const char *format_names(void)
{
	return "text, json, junit, sarif, github, markdown, html";
}
