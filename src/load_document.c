/*
 * load_document — see load_document.h.
 */
#include "load_document.h"

#include <stdio.h>

#include "load_yaml.h"

int load_document(lua_State *L, const char *path, pos_tree *pos, char *error, size_t error_size)
{
	yload ld;
	char why[512];
	if (yload_open(&ld, path, NULL, why, sizeof why) != 0) {
		snprintf(error, error_size, "%s: %s", path, why);
		return -1;
	}
	doc_result *r = result_new(path, 0);
	int status = 0;
	if (yload_next(&ld, L, pos, r) != 1) {
		lua_pushnil(L);
	} else if (r->finding_count) {
		snprintf(error, error_size, "%s:%d: %s", path, r->findings[0].line, r->findings[0].message);
		lua_pop(L, 1);
		status = -1;
	}
	result_free(r);
	yload_close(&ld);
	return status;
}
