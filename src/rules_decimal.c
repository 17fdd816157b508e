/*
 * rules_decimal — the Decimal type as rules see it (see rules_decimal.h).
 *
 * Every operator converts both operands with ldec_to, so a rule may mix
 * Decimals with Lua numbers and numeric strings freely; a value that is not
 * a number is an error, never a silent 0.
 */
#include "rules_decimal.h"

#include <lauxlib.h>
#include <string.h>

#include "base_i18n.h"
#include "model_number.h"

/* Creates the shared metatable on first use, so ldec_push works even before
 * luaopen_decimal has run. */
static void push_metatable(lua_State *L);

void ldec_push(lua_State *L, decimal d)
{
	decimal *box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = d;
	push_metatable(L);
	lua_setmetatable(L, -2);
}

bool ldec_is(lua_State *L, int idx, decimal *out)
{
	const decimal *box = luaL_testudata(L, idx, LDEC_TYPENAME);
	if (box == NULL)
		return false;
	if (out != NULL)
		*out = *box;
	return true;
}

#define DECIMAL_TEXT_MAX 256

/* "383,506.13" as well as "383506.13": the forms a report prints, as long
 * as no unit follows (a unit would be dropped silently). */
static bool string_to_decimal(const char *s, size_t len, decimal *out)
{
	if (dec_parse(s, len, out))
		return true;
	printed_number printed;
	if (!number_parse(s, len, &printed) || printed.unit[0] != '\0')
		return false;
	*out = printed.value;
	return true;
}

bool ldec_to(lua_State *L, int idx, decimal *out)
{
	switch (lua_type(L, idx)) {
	case LUA_TUSERDATA:
		return ldec_is(L, idx, out);
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			lua_Integer v = lua_tointeger(L, idx);
			/* math.mininteger has no positive counterpart in a decimal */
			if (v == LUA_MININTEGER)
				return false;
			*out = dec_from_int((int64_t)v);
			return true;
		}
		return dec_from_double((double)lua_tonumber(L, idx), out);
	case LUA_TSTRING: {
		/* No number is printed in more than DECIMAL_TEXT_MAX bytes: a
		 * longer string is not read (a rule could make one of 30 MiB
		 * and convert it in a loop). */
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		return len <= DECIMAL_TEXT_MAX && string_to_decimal(s, len, out);
	}
	default:
		return false;
	}
}

decimal ldec_check(lua_State *L, int arg)
{
	decimal d = dec_from_int(0);
	if (ldec_to(L, arg, &d))
		return d;
	switch (lua_type(L, arg)) {
	case LUA_TNUMBER:
		luaL_argerror(L, arg, "number out of range for a decimal");
		break;
	case LUA_TSTRING:
		/* Show the text: "超过3400家" tells the rule author what went wrong. */
		luaL_argerror(L, arg, lua_pushfstring(L, "number expected, got string '%s'",
		                                      lua_tostring(L, arg)));
		break;
	default:
		luaL_typeerror(L, arg, "number");
		break;
	}
	return d; /* not reached: the errors above do not return */
}

/*
 * The operators run for every + and < a rule writes on a Decimal.  Each is
 * a closure whose upvalue is the Decimal metatable, so an operand is
 * recognised, and a result made, without looking the metatable up by name
 * in the registry (which cost a third of each operation).
 */

/* An operand of `op` ("+" ...; NULL for a comparison) that is no number,
 * said in the words of what the rule wrote: "bad argument #2 to 'lt'"
 * would name Lua's metamethod, not the rule's <, and not say what to
 * write instead. */
static int operand_error(lua_State *L, int idx, const char *op)
{
	int type = lua_type(L, idx);
	/* a copy: lua_tostring would turn a number operand into text */
	const char *text = luaL_tolstring(L, idx, NULL);
	switch (type) {
	case LUA_TNUMBER:
		return luaL_error(L, _("the number %s is out of range for a decimal"), text);
	case LUA_TSTRING:
		if (op)
			return luaL_error(L, _("arithmetic (%s) on a number and the text '%s': only text that is a plain number counts; write the number itself, or turn text from facts into a number with dec(x)"),
			                  op, text);
		return luaL_error(L, _("comparing a number with the text '%s': only text that is a plain number compares; write the number itself (85, not \"85%%\": a percentage is kept as its number, 99.9%% reads as 99.9), or turn text from facts into a number with dec(x)"),
		                  text);
	case LUA_TNIL:
		if (op)
			return luaL_error(L, _("arithmetic (%s) on a number and nil: a field the report does not have reads as nil (check it first: if x ~= nil then), or a local or parameter name (P.x) is misspelt"),
			                  op);
		return luaL_error(L, _("comparing a number with nil: a field the report does not have reads as nil (check it first: if x ~= nil then), or a local or parameter name (P.x) is misspelt"));
	default:
		if (op)
			return luaL_error(L, _("arithmetic (%s) on a number and a %s value"), op, luaL_typename(L, idx));
		return luaL_error(L, _("comparing a number with a %s value"), luaL_typename(L, idx));
	}
}

static decimal operand(lua_State *L, int idx, const char *op)
{
	if (lua_type(L, idx) == LUA_TUSERDATA && lua_getmetatable(L, idx)) {
		bool ours = lua_rawequal(L, -1, lua_upvalueindex(1));
		lua_pop(L, 1);
		if (ours)
			return *(const decimal *)lua_touserdata(L, idx);
	}
	decimal d;
	if (!ldec_to(L, idx, &d))
		operand_error(L, idx, op);
	return d;
}

static void push_result(lua_State *L, decimal d)
{
	decimal *box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = d;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_setmetatable(L, -2);
}

/* Both operands of a binary operator (op as for operand_error); either
 * may be the Decimal. */
static void check_operands(lua_State *L, decimal *a, decimal *b, const char *op)
{
	*a = operand(L, 1, op);
	*b = operand(L, 2, op);
}

static int overflow_error(lua_State *L, const char *op)
{
	return luaL_error(L, "decimal overflow in '%s'", op);
}

static int decimal_add(lua_State *L)
{
	decimal a, b, result;
	check_operands(L, &a, &b, "+");
	if (!dec_add(a, b, &result))
		return overflow_error(L, "+");
	push_result(L, result);
	return 1;
}

static int decimal_sub(lua_State *L)
{
	decimal a, b, result;
	check_operands(L, &a, &b, "-");
	if (!dec_sub(a, b, &result))
		return overflow_error(L, "-");
	push_result(L, result);
	return 1;
}

static int decimal_mul(lua_State *L)
{
	decimal a, b, result;
	check_operands(L, &a, &b, "*");
	if (!dec_mul(a, b, &result))
		return overflow_error(L, "*");
	push_result(L, result);
	return 1;
}

static int decimal_div(lua_State *L)
{
	decimal a, b, result;
	check_operands(L, &a, &b, "/");
	if (dec_is_zero(b))
		return luaL_error(L, "division by zero");
	if (!dec_div_default(a, b, &result))
		return overflow_error(L, "/");
	push_result(L, result);
	return 1;
}

static int decimal_unm(lua_State *L)
{
	push_result(L, dec_neg(operand(L, 1, "-")));
	return 1;
}

/* Lua calls __eq only when both operands are userdata, so this never sees
 * a Lua number: d == 9.5 is false by the language, d:eq(9.5) is the test. */
static int decimal_eq(lua_State *L)
{
	decimal a, b;
	bool equal = ldec_is(L, 1, &a) && ldec_is(L, 2, &b) && dec_cmp(a, b) == 0;
	lua_pushboolean(L, equal);
	return 1;
}

static int decimal_lt(lua_State *L)
{
	decimal a, b;
	check_operands(L, &a, &b, NULL);
	lua_pushboolean(L, dec_cmp(a, b) < 0);
	return 1;
}

static int decimal_le(lua_State *L)
{
	decimal a, b;
	check_operands(L, &a, &b, NULL);
	lua_pushboolean(L, dec_cmp(a, b) <= 0);
	return 1;
}

static int decimal_tostring(lua_State *L)
{
	char text[DEC_BUFSIZE];
	size_t len = dec_format_trim(*(decimal *)luaL_checkudata(L, 1, LDEC_TYPENAME), text);
	lua_pushlstring(L, text, len);
	return 1;
}

/* Pushes the text of one operand of `..`: a Decimal in its trimmed form,
 * strings and numbers as Lua itself would write them. */
static void push_concat_part(lua_State *L, int idx)
{
	decimal d;
	if (ldec_is(L, idx, &d)) {
		char text[DEC_BUFSIZE];
		size_t len = dec_format_trim(d, text);
		lua_pushlstring(L, text, len);
	} else if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER) {
		luaL_tolstring(L, idx, NULL);
	} else {
		luaL_error(L, "attempt to concatenate a %s value", luaL_typename(L, idx));
	}
}

static int decimal_concat(lua_State *L)
{
	push_concat_part(L, 1);
	push_concat_part(L, 2);
	lua_concat(L, 2);
	return 1;
}

/* d:round(places): 四舍五入 to 0 .. DEC_MAX_SCALE places, default 0. */
static int method_round(lua_State *L)
{
	decimal d = *(decimal *)luaL_checkudata(L, 1, LDEC_TYPENAME);
	lua_Integer places = luaL_optinteger(L, 2, 0);
	luaL_argcheck(L, places >= 0 && places <= DEC_MAX_SCALE, 2,
	              "places must be an integer from 0 to 18");
	decimal result;
	if (!dec_round(d, (int)places, &result))
		return overflow_error(L, "round");
	ldec_push(L, result);
	return 1;
}

/* d:eq(x): equality by value with any number, which `==` cannot give. */
static int method_eq(lua_State *L)
{
	decimal d = *(decimal *)luaL_checkudata(L, 1, LDEC_TYPENAME);
	decimal other = ldec_check(L, 2);
	lua_pushboolean(L, dec_cmp(d, other) == 0);
	return 1;
}

static int method_places(lua_State *L)
{
	decimal d = *(decimal *)luaL_checkudata(L, 1, LDEC_TYPENAME);
	lua_pushinteger(L, d.scale);
	return 1;
}

static int method_tonumber(lua_State *L)
{
	decimal d = *(decimal *)luaL_checkudata(L, 1, LDEC_TYPENAME);
	lua_pushnumber(L, (lua_Number)dec_to_double(d));
	return 1;
}

static const luaL_Reg metamethods[] = {
	{ "__add", decimal_add },
	{ "__sub", decimal_sub },
	{ "__mul", decimal_mul },
	{ "__div", decimal_div },
	{ "__unm", decimal_unm },
	{ "__eq", decimal_eq },
	{ "__lt", decimal_lt },
	{ "__le", decimal_le },
	{ "__tostring", decimal_tostring },
	{ "__concat", decimal_concat },
	{ NULL, NULL },
};

static const luaL_Reg methods[] = {
	{ "round", method_round },
	{ "eq", method_eq },
	{ "places", method_places },
	{ "tonumber", method_tonumber },
	{ NULL, NULL },
};

static void push_metatable(lua_State *L)
{
	/* luaL_newmetatable also sets __name, which error messages use */
	if (luaL_newmetatable(L, LDEC_TYPENAME)) {
		lua_pushvalue(L, -1); /* the operators' upvalue: see operand() */
		luaL_setfuncs(L, metamethods, 1);
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "__index");
		/* Rules share this metatable: locked, so no rule can change how
		 * another rule's decimals compare or add. */
		lua_pushliteral(L, LDEC_TYPENAME);
		lua_setfield(L, -2, "__metatable");
	}
}

static int lib_dec(lua_State *L)
{
	ldec_push(L, ldec_check(L, 1));
	return 1;
}

static int lib_is_decimal(lua_State *L)
{
	lua_pushboolean(L, ldec_is(L, 1, NULL));
	return 1;
}

static const luaL_Reg library[] = {
	{ "dec", lib_dec },
	{ "is_decimal", lib_is_decimal },
	{ NULL, NULL },
};

int luaopen_decimal(lua_State *L)
{
	push_metatable(L);
	lua_pop(L, 1);
	luaL_newlib(L, library);
	return 1;
}
