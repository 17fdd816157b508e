/*
 * score_grades — see score_grades.h.
 */
#include "score_grades.h"

#include <stdio.h>
#include <string.h>

#include "rules_decimal.h"

lua_Integer score_read_grades(lua_State *L, int index, grade_bands *bands)
{
	index = lua_absindex(L, index);
	bands->count = 0;
	lua_Integer n = (lua_Integer)lua_rawlen(L, index);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, index, i);
		lua_getfield(L, -1, "grade");
		lua_getfield(L, -2, "min");
		decimal min;
		const char *g = lua_tostring(L, -2);
		bool ok = g && ldec_to(L, -1, &min) && bands->count < GRADE_BANDS_MAX &&
		          strlen(g) < sizeof bands->band[0].name &&
		          (!bands->count || dec_cmp(min, bands->band[bands->count - 1].min) < 0);
		if (ok) {
			snprintf(bands->band[bands->count].name, sizeof bands->band[0].name, "%s", g);
			bands->band[bands->count++].min = min;
		}
		lua_pop(L, 3);
		if (!ok)
			return i;
	}
	return 0;
}
