/*
 * rules_catalog — see rules_catalog.h: what a rule id, a kind and
 * applicability are.  Plain C over a declaration; the rule set's own
 * accessors are in rules_load.c, beside its fields.
 */
#include "rules_catalog.h"

#include <string.h>

bool rule_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || id[0] == '.' || id[n - 1] == '.')
		return false;
	for (const char *p = id; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		          *p == '-' || *p == '_';
		if (!ok || (p[0] == '.' && p[1] == '.'))
			return false;
	}
	return true;
}

unsigned rule_kind_bit(const char *k)
{
	if (!strcmp(k, "department"))
		return KIND_DEPARTMENT;
	if (!strcmp(k, "project"))
		return KIND_PROJECT;
	return 0;
}

bool rule_applies(const rule_decl *d, const doc_result *r)
{
	unsigned kind = r->kind ? rule_kind_bit(r->kind) : 0;
	if (!(d->kinds & kind))
		return false;
	if (r->has_year && d->year_from && r->year < d->year_from)
		return false;
	if (r->has_year && d->year_until && r->year > d->year_until)
		return false;
	return true;
}
