/*
 * score_grades — the grades: list as ruleset.yaml, .pevcheck.yaml and a
 * scoring framework write it, [{grade: 优, min: 90}, {grade: 良, min: 80},
 * ...], read from the Lua table a loaded YAML document holds.  One reading,
 * so the three files cannot come to disagree on what a grades list is.
 */
#ifndef PEVCHECK_SCORE_GRADES_H
#define PEVCHECK_SCORE_GRADES_H

#include <lua.h>

#include "score_compute.h"

/* The list at index into *bands.  Returns 0, or the number (from 1) of the
 * first item that is not {grade: TEXT, min: NUMBER}, each min below the one
 * before, at most GRADE_BANDS_MAX items, the grade fitting a band's name
 * (*bands then holds the items before it). */
lua_Integer score_read_grades(lua_State *L, int index, grade_bands *bands);

#endif
