/*
 * run_limits — see run_limits.h.
 */
#include "run_limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"

const char *limits_names(void)
{
	return "file-size, depth, nodes, aliases, alias-expansion, scalar, instructions, rule-seconds, findings, rule-memory, memory";
}

/* A positive whole number with an optional K, M or G (powers of 1024). */
static int parse_amount(const char *s, unsigned long long *out)
{
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned long long scale = 1;
	if (*end == 'K' || *end == 'k')
		scale = 1ULL << 10;
	else if (*end == 'M' || *end == 'm')
		scale = 1ULL << 20;
	else if (*end == 'G' || *end == 'g')
		scale = 1ULL << 30;
	if (scale > 1) {
		end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	if (*end || v == 0 || v > (1ULL << 62) / scale)
		return -1;
	*out = v * scale;
	return 0;
}

int limits_set(load_limits *data, sandbox_limits *rules, const char *name, const char *value,
               char *error, size_t error_size)
{
	unsigned long long v;
	if (parse_amount(value, &v) != 0) {
		snprintf(error, error_size, _("limit %s: invalid value '%s': expected a positive integer (sizes may end in K, M or G)"), name, value);
		return -1;
	}
	if (!strcmp(name, "file-size"))
		data->max_file_bytes = (size_t)v;
	else if (!strcmp(name, "depth"))
		data->max_depth = (size_t)v;
	else if (!strcmp(name, "nodes"))
		data->max_nodes = (size_t)v;
	else if (!strcmp(name, "aliases"))
		data->max_aliases = (size_t)v;
	else if (!strcmp(name, "alias-expansion"))
		data->max_alias_expansion = (size_t)v;
	else if (!strcmp(name, "scalar"))
		data->max_scalar_bytes = (size_t)v;
	else if (!strcmp(name, "instructions"))
		rules->rule_instructions = (long)(v > 0x7fffffffffffLL ? 0x7fffffffffffLL : v);
	else if (!strcmp(name, "rule-seconds"))
		rules->rule_seconds = (long)(v > 0x7fffffffffffLL ? 0x7fffffffffffLL : v);
	else if (!strcmp(name, "findings"))
		rules->rule_findings = (long)(v > 0x7fffffffffffLL ? 0x7fffffffffffLL : v);
	else if (!strcmp(name, "rule-memory"))
		rules->rule_memory_bytes = (size_t)v;
	else if (!strcmp(name, "memory"))
		rules->memory_bytes = (size_t)v;
	else {
		snprintf(error, error_size, _("unknown limit '%s' (known: %s)"), name, limits_names());
		return -1;
	}
	return 0;
}

int limits_parse(load_limits *data, sandbox_limits *rules, const char *assignment, char *error,
                 size_t error_size)
{
	const char *eq = strchr(assignment, '=');
	if (!eq) {
		snprintf(error, error_size, _("--limit takes NAME=VALUE, such as depth=32 (known: %s)"), limits_names());
		return -1;
	}
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)(eq - assignment), assignment);
	return limits_set(data, rules, name, eq + 1, error, error_size);
}
