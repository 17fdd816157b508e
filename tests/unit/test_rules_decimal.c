/*
 * Unit tests for lua_decimal.c: the Decimal type as a rule script sees it.
 * Each test gets a fresh Lua state with the library as the global `D`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lualib.h>
#include <string.h>

#include "rules_decimal.h"

static int setup(void **state)
{
	lua_State *L = luaL_newstate();
	if (L == NULL)
		return -1;
	luaL_openlibs(L);
	luaL_requiref(L, "decimal", luaopen_decimal, 0);
	lua_setglobal(L, "D");
	*state = L;
	return 0;
}

static int teardown(void **state)
{
	lua_close(*state);
	return 0;
}

/* Runs `return <expression>` and leaves its one result on the stack. */
static void evaluate(lua_State *L, const char *expression)
{
	char chunk[512];
	snprintf(chunk, sizeof chunk, "return %s", expression);
	if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
		fail_msg("%s: %s", expression, lua_tostring(L, -1));
}

static void assert_lua_string(lua_State *L, const char *expression, const char *expected)
{
	evaluate(L, expression);
	const char *actual = lua_tostring(L, -1);
	if (actual == NULL || strcmp(actual, expected) != 0)
		fail_msg("%s = %s, expected %s", expression, actual ? actual : "(not a string)",
		         expected);
	lua_pop(L, 1);
}

static void assert_lua_true(lua_State *L, const char *expression)
{
	evaluate(L, expression);
	if (!lua_isboolean(L, -1) || !lua_toboolean(L, -1))
		fail_msg("%s is not true", expression);
	lua_pop(L, 1);
}

static void assert_lua_false(lua_State *L, const char *expression)
{
	evaluate(L, expression);
	if (!lua_isboolean(L, -1) || lua_toboolean(L, -1))
		fail_msg("%s is not false", expression);
	lua_pop(L, 1);
}

/* The chunk must raise an error whose message contains `expected`. */
static void assert_lua_error(lua_State *L, const char *chunk, const char *expected)
{
	if (luaL_loadstring(L, chunk) != LUA_OK)
		fail_msg("%s: %s", chunk, lua_tostring(L, -1));
	if (lua_pcall(L, 0, 0, 0) == LUA_OK)
		fail_msg("%s: no error raised", chunk);
	const char *message = lua_tostring(L, -1);
	if (message == NULL || strstr(message, expected) == NULL)
		fail_msg("%s: error \"%s\", expected \"%s\"", chunk, message ? message : "?",
		         expected);
	lua_pop(L, 1);
}

static void test_construct_and_tostring(void **state)
{
	lua_State *L = *state;
	assert_lua_string(L, "tostring(D.dec('0.1'))", "0.1");
	assert_lua_string(L, "tostring(D.dec('9.50'))", "9.5");
	assert_lua_string(L, "tostring(D.dec(7))", "7");
	assert_lua_string(L, "tostring(D.dec(0.1))", "0.1");
	assert_lua_string(L, "tostring(D.dec('383,506.13'))", "383506.13");
	assert_lua_string(L, "tostring(D.dec('３８３，５０６．１３'))", "383506.13");
	assert_lua_string(L, "tostring(D.dec('-0.00'))", "0");
	assert_lua_string(L, "tostring(D.dec(D.dec('1.5')))", "1.5");
	assert_lua_true(L, "D.dec('9.50'):places() == 2");
	assert_lua_true(L, "math.type(D.dec('9.50'):places()) == 'integer'");
}

static void test_is_decimal(void **state)
{
	lua_State *L = *state;
	assert_lua_true(L, "D.is_decimal(D.dec(1))");
	assert_lua_false(L, "D.is_decimal(1)");
	assert_lua_false(L, "D.is_decimal('1')");
	assert_lua_false(L, "D.is_decimal({})");
	assert_lua_false(L, "D.is_decimal(nil)");
	assert_lua_false(L, "D.is_decimal(io.stdout)");
}

static void test_arithmetic_is_exact(void **state)
{
	lua_State *L = *state;
	assert_lua_string(L, "tostring(D.dec('0.1') + 0.2)", "0.3");
	assert_lua_string(L, "tostring(0.2 + D.dec('0.1'))", "0.3");
	assert_lua_string(L, "tostring(D.dec('45.07') + D.dec('49.5'))", "94.57");
	assert_lua_string(L, "tostring(D.dec('50') - 0.5)", "49.5");
	assert_lua_string(L, "tostring(100 - D.dec('0.5') - D.dec('4.93'))", "94.57");
	assert_lua_string(L, "tostring(D.dec('1.5') * 3)", "4.5");
	assert_lua_string(L, "tostring(D.dec('38.35') * 10000)", "383500");
	assert_lua_string(L, "tostring(D.dec(1) / 3)", "0.333333333333");
	assert_lua_string(L, "tostring(D.dec(1) / 4)", "0.25");
	assert_lua_string(L, "tostring(-D.dec('2.5'))", "-2.5");
	assert_lua_string(L, "tostring(D.dec('1') + '383,506.13')", "383507.13");
	assert_lua_string(L, "tostring('0.5' * D.dec(4))", "2");
	assert_lua_true(L, "D.is_decimal(D.dec(1) + 1)");
}

static void test_rate_at_printed_precision(void **state)
{
	lua_State *L = *state;
	assert_lua_string(L, "tostring((D.dec('383193.53') / D.dec('383506.13') * 100):round(1))",
	                  "99.9");
	assert_lua_string(L, "tostring((D.dec('383193.53') / '383,506.13' * 100):round(3))",
	                  "99.918");
	assert_lua_true(L, "(D.dec('383193.53') / D.dec('383506.13') * 100):round(1):eq(99.9)");
}

static void test_round(void **state)
{
	lua_State *L = *state;
	assert_lua_string(L, "tostring(D.dec('2.675'):round(2))", "2.68");
	assert_lua_string(L, "tostring(D.dec('-2.675'):round(2))", "-2.68");
	assert_lua_string(L, "tostring(D.dec('132.912067'):round(3))", "132.912");
	assert_lua_string(L, "tostring(D.dec('2.5'):round())", "3");
	assert_lua_string(L, "tostring(D.dec('2.5'):round(0))", "3");
	assert_lua_true(L, "D.dec('9.5'):round(3):places() == 1");
	assert_lua_true(L, "D.dec('2.675'):round(2):places() == 2");
	assert_lua_error(L, "D.dec('1.5'):round(19)", "places must be an integer from 0 to 18");
	assert_lua_error(L, "D.dec('1.5'):round(-1)", "places must be an integer from 0 to 18");
	assert_lua_error(L, "D.dec('1.5'):round(1.5)", "number has no integer representation");
	assert_lua_error(L, "D.dec('1.5'):round({})", "bad argument #1 to 'round'");
	assert_lua_error(L, "D.dec('1.5').round(1)", "bad argument #1 to 'round'");
}

static void test_comparisons(void **state)
{
	lua_State *L = *state;
	assert_lua_true(L, "D.dec('9.50') == D.dec('9.5')");
	assert_lua_false(L, "D.dec('9.51') == D.dec('9.5')");
	assert_lua_true(L, "D.dec(1) < 1.5");
	assert_lua_true(L, "1.5 > D.dec(1)");
	assert_lua_true(L, "D.dec(1) <= 1");
	assert_lua_false(L, "D.dec(1) < 1");
	assert_lua_true(L, "D.dec('0.1') + D.dec('0.2') <= 0.3");
	assert_lua_true(L, "D.dec('-2') < D.dec('-1.99')");
	assert_lua_true(L, "D.dec(3000) <= '3,400'");
	/* `==` with a Lua number is false by the language; eq is the test */
	assert_lua_false(L, "D.dec('9.5') == 9.5");
	assert_lua_true(L, "D.dec('9.5'):eq(9.5)");
	assert_lua_true(L, "D.dec('9.50'):eq('9.5')");
	assert_lua_true(L, "D.dec('10'):eq(10)");
	assert_lua_false(L, "D.dec('9.5'):eq(9.49)");
	assert_lua_false(L, "D.dec(1) == io.stdout");
}

static void test_concat_and_tonumber(void **state)
{
	lua_State *L = *state;
	assert_lua_string(L, "'扣' .. D.dec('0.50') .. '分'", "扣0.5分");
	assert_lua_string(L, "D.dec(1) .. D.dec('2.0')", "12");
	assert_lua_string(L, "D.dec('1.5') .. 2", "1.52");
	assert_lua_true(L, "D.dec('94.57'):tonumber() == 94.57");
	assert_lua_true(L, "math.type(D.dec('3'):tonumber()) == 'float'");
	assert_lua_error(L, "return D.dec(1) .. {}", "attempt to concatenate a table value");
}

static void test_type_errors(void **state)
{
	lua_State *L = *state;
	assert_lua_error(L, "D.dec({})", "bad argument #1 to 'dec' (number expected, got table)");
	assert_lua_error(L, "D.dec()", "bad argument #1 to 'dec' (number expected, got no value)");
	assert_lua_error(L, "D.dec('超过3400家')",
	                 "bad argument #1 to 'dec' (number expected, got string '超过3400家')");
	assert_lua_error(L, "D.dec('5万元')", "number expected, got string");
	assert_lua_error(L, "D.dec(0/0)", "number out of range for a decimal");
	assert_lua_error(L, "D.dec(math.huge)", "number out of range for a decimal");
	assert_lua_error(L, "D.dec(1e300)", "number out of range for a decimal");
	assert_lua_error(L, "D.dec(math.mininteger)", "number out of range for a decimal");
	/* an operator's message names what the rule wrote, never 'lt' or 'add' */
	assert_lua_error(L, "return D.dec(1) + {}", "arithmetic (+) on a number and a table value");
	assert_lua_error(L, "return {} * D.dec(1)", "arithmetic (*) on a number and a table value");
	assert_lua_error(L, "return D.dec(1) < 'abc'", "comparing a number with the text 'abc': ");
	assert_lua_error(L, "return D.dec(85) > '85%'", "write the number itself (85, not \"85%\"");
	assert_lua_error(L, "return D.dec(1) <= nil", "comparing a number with nil: a field the report does not have");
	assert_lua_error(L, "return nil - D.dec(1)", "arithmetic (-) on a number and nil");
	assert_lua_error(L, "return D.dec(1) / '5万元'", "arithmetic (/) on a number and the text '5万元'");
	assert_lua_error(L, "return D.dec(1) < true", "comparing a number with a boolean value");
	assert_lua_error(L, "return -D.dec(1) + 1e300", "the number 1e+300 is out of range for a decimal");
	assert_lua_error(L, "return D.dec(1):eq(nil)", "number expected, got nil");
	assert_lua_error(L, "return D.dec(1).places()", "bad argument #1 to 'places'");
}

static void test_arithmetic_errors(void **state)
{
	lua_State *L = *state;
	assert_lua_error(L, "return D.dec(1) / 0", "division by zero");
	assert_lua_error(L, "return D.dec(1) / D.dec('0.00')", "division by zero");
	assert_lua_error(L, "return D.dec(math.maxinteger) + 1", "decimal overflow in '+'");
	assert_lua_error(L, "return D.dec(-math.maxinteger) - 1", "decimal overflow in '-'");
	assert_lua_error(L, "return D.dec(math.maxinteger) * 2", "decimal overflow in '*'");
	assert_lua_error(L, "return D.dec(math.maxinteger) / '0.5'", "decimal overflow in '/'");
	/* the position of the rule line is in the message */
	assert_lua_error(L, "local x = 1\nreturn D.dec(1) / 0", ":2: division by zero");
}

static void test_pcall_inside_lua(void **state)
{
	lua_State *L = *state;
	assert_lua_true(L, "(function() local ok, message = pcall(function() return D.dec(1) / 0 end)"
	                   " return not ok and message:find('division by zero', 1, true) ~= nil end)()");
	/* called by pcall itself, Lua names the function by where it was loaded */
	assert_lua_string(L, "select(2, pcall(D.dec, {}))",
	                  "bad argument #1 to 'decimal.dec' (number expected, got table)");
}

static void test_c_api(void **state)
{
	lua_State *L = *state;
	decimal d = { 950, 2 };
	ldec_push(L, d);
	decimal back;
	assert_true(ldec_is(L, -1, &back));
	assert_int_equal(back.mant, 950);
	assert_int_equal(back.scale, 2);
	assert_true(ldec_is(L, -1, NULL));
	lua_pop(L, 1);

	lua_pushinteger(L, 42);
	assert_false(ldec_is(L, -1, &back));
	assert_true(ldec_to(L, -1, &back));
	assert_int_equal(back.mant, 42);
	lua_pop(L, 1);

	lua_pushnumber(L, 0.5);
	assert_true(ldec_to(L, -1, &back));
	assert_int_equal(back.mant, 5);
	assert_int_equal(back.scale, 1);
	lua_pop(L, 1);

	lua_pushstring(L, "1,234.50");
	assert_true(ldec_to(L, -1, &back));
	assert_int_equal(back.mant, 123450);
	assert_int_equal(back.scale, 2);
	lua_pop(L, 1);

	lua_pushstring(L, "12家");
	assert_false(ldec_to(L, -1, &back));
	lua_pop(L, 1);
	lua_pushboolean(L, 1);
	assert_false(ldec_to(L, -1, &back));
	lua_pop(L, 1);
	assert_int_equal(lua_gettop(L), 0);
}

static void test_push_before_open(void **state)
{
	(void)state;
	/* ldec_push creates the metatable itself when the library was not opened */
	lua_State *L = luaL_newstate();
	assert_non_null(L);
	luaL_openlibs(L);
	ldec_push(L, dec_from_int(5));
	lua_setglobal(L, "five");
	assert_lua_string(L, "tostring(five + 1)", "6");
	/* the metatable is locked: getmetatable answers its name */
	assert_lua_true(L, "getmetatable(five) == 'pevcheck.Decimal'");
	lua_close(L);
}

static void test_open_is_idempotent(void **state)
{
	lua_State *L = *state;
	assert_lua_true(L, "D.dec(1) == D.dec(1)");
	luaL_requiref(L, "decimal2", luaopen_decimal, 0);
	lua_setglobal(L, "D2");
	assert_lua_true(L, "getmetatable(D.dec(1)) == getmetatable(D2.dec(1))");
	assert_lua_true(L, "D.dec(1) == D2.dec(1)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_construct_and_tostring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_is_decimal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arithmetic_is_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_at_printed_precision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comparisons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concat_and_tonumber, setup, teardown),
		cmocka_unit_test_setup_teardown(test_type_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arithmetic_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pcall_inside_lua, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_api, setup, teardown),
		cmocka_unit_test(test_push_before_open),
		cmocka_unit_test_setup_teardown(test_open_is_idempotent, setup, teardown),
	};
	return cmocka_run_group_tests_name("lua_decimal", tests, NULL, NULL);
}
