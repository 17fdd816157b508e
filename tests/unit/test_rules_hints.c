/*
 * Unit tests for rules_hints.c: the line added to a rule error written in
 * another language's spelling, from Lua's message and the rule's source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_hints.h"

/* A rule file whose fifth line is `line`, and Lua's message for it. */
static void assert_load_hint(const char *line, const char *msg, const char *expected)
{
	char text[1024], buf[512];
	snprintf(text, sizeof text,
	         "rule {\n  id = \"a.b\",\n  check = function(r)\n    local x, y = 1, 2\n    %s\n"
	         "  end,\n}\n",
	         line);
	const char *hint = hint_for_load_error(msg, text, strlen(text), buf, sizeof buf);
	if (!expected && hint)
		fail_msg("%s: unexpected hint \"%s\"", line, hint);
	if (expected && (!hint || !strstr(hint, expected)))
		fail_msg("%s: hint \"%s\", expected \"%s\"", line, hint ? hint : "(none)", expected);
}

static void test_operators_from_c(void **state)
{
	(void)state;
	assert_load_hint("if x != y then return end", "a.lua:5: 'then' expected near '!'", "~=");
	assert_load_hint("local z = x != y", "a.lua:5: unexpected symbol near '!'", "there is no !=");
	assert_load_hint("if !x then return end", "a.lua:5: unexpected symbol near '!'", "if not x then");
	assert_load_hint("if x && y then return end", "a.lua:5: unexpected symbol near '&'", "if a and b");
	assert_load_hint("if x || y then return end", "a.lua:5: unexpected symbol near '|'", "if a or b");
	assert_load_hint("x += 1", "a.lua:5: syntax error near '+'", "x = x + 1");
	assert_load_hint("x -= 1", "a.lua:5: syntax error near '-'", "x = x + 1");
	assert_load_hint("x++", "a.lua:5: syntax error near '+'", "no += or ++");
	assert_load_hint("x = x ? 1 : 2", "a.lua:5: unexpected symbol near '?'", "(a and b or c)");
	assert_load_hint("if x = 1 then return end", "a.lua:5: 'then' expected near '='", "==");
}

static void test_comments_tables_and_elseif(void **state)
{
	(void)state;
	/* // reads as division: the error is on the line after */
	assert_load_hint("// a comment", "a.lua:6: syntax error near 'end'", "starts with --");
	assert_load_hint("// 资产登记", "a.lua:5: unexpected symbol near '<\\232>'", "--[[");
	assert_load_hint("# comment", "a.lua:5: unexpected symbol near '#'", "starts with --");
	assert_load_hint("local xs = [1, 2]", "a.lua:5: unexpected symbol near '['", "in braces");
	assert_load_hint("local m = {name: \"x\"}", "a.lua:5: <name> expected near '\"x\"'",
	                 "key = value, not key: value");
	assert_load_hint("local m = { \"facts.x\": \"y\" }", "a.lua:5: '}' expected near ':'",
	                 "key = value, not key: value");
	assert_load_hint("if x then x = 1 else if y then y = 1 end",
	                 "a.lua:6: unexpected symbol near ','", "line 5: Lua writes \"else if\"");
}

static void test_no_hint_where_none_applies(void **state)
{
	(void)state;
	/* what is in quotes or comments is not code */
	assert_load_hint("finding(\"a != b\") x =", "a.lua:6: unexpected symbol near 'end'", NULL);
	assert_load_hint("x = -- a != b", "a.lua:6: unexpected symbol near 'end'", NULL);
	/* x:eq(1) is a method, not key: value; a // b is division */
	assert_load_hint("local e = x:eq(1) y", "a.lua:5: syntax error near 'y'", NULL);
	assert_load_hint("local d = x // y z", "a.lua:5: syntax error near 'z'", NULL);
	/* a message without a line, or not from the parser */
	assert_load_hint("x != y", "cannot read the rule file", NULL);
	assert_load_hint("x != y", "a.lua:5: rule{} lacks field id (text)", NULL);
}

static void test_run_hints(void **state)
{
	(void)state;
	char buf[512];
	const char *h = hint_for_run_error("a.lua:9: attempt to index a nil value (field '?')",
	                                   "  local first = r.targets[0].goal", buf, sizeof buf);
	assert_non_null(h);
	assert_non_null(strstr(h, "the first item is [1], not [0]"));
	assert_null(hint_for_run_error("a.lua:9: attempt to index a nil value (field '?')",
	                               "  local first = r.targets[1].goal", buf, sizeof buf));
	h = hint_for_run_error("a.lua:9: attempt to compare nil with number", NULL, buf, sizeof buf);
	assert_non_null(h);
	assert_non_null(strstr(h, "if x ~= nil then"));
	h = hint_for_run_error("a.lua:9: attempt to compare string with number", "", buf, sizeof buf);
	assert_non_null(h);
	assert_non_null(strstr(h, "dec(x)"));
	assert_null(hint_for_run_error("a.lua:9: division by zero", "", buf, sizeof buf));
}

static void test_append_and_insert(void **state)
{
	(void)state;
	const char *text = "local x = 1\nif x != 2 then end\n";
	char error[256] = "a.lua:2: 'then' expected near '!'";
	hint_append_load(error, sizeof error, text, strlen(text));
	assert_string_equal(error, "a.lua:2: 'then' expected near '!'\nhint: Lua writes \"not equal\" "
	                           "as ~=: if a ~= b then (there is no !=)");
	/* the line is read from the rule file the message names */
	char path[] = "/tmp/pevcheck-hint-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("rule {}\nlocal t = r.targets[0].goal\n", f);
	fclose(f);
	char msg[512];
	snprintf(msg, sizeof msg, "%s:2: attempt to index a nil value (field '?')\nstack traceback:\n\tx", path);
	char *hinted = hint_insert_run(msg, NULL);
	assert_non_null(hinted);
	assert_non_null(strstr(hinted, "(field '?')\nhint: Lua lists count from 1"));
	assert_non_null(strstr(hinted, "\nstack traceback:\n\tx"));
	free(hinted);
	/* a name Lua shortened: the rule's own file, when it ends so */
	snprintf(msg, sizeof msg, "...%s:2: attempt to index a nil value (field '?')", path + 8);
	hinted = hint_insert_run(msg, path);
	unlink(path);
	assert_non_null(hinted);
	free(hinted);
	assert_null(hint_insert_run("no line here", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operators_from_c),
		cmocka_unit_test(test_comments_tables_and_elseif),
		cmocka_unit_test(test_no_hint_where_none_applies),
		cmocka_unit_test(test_run_hints),
		cmocka_unit_test(test_append_and_insert),
	};
	return cmocka_run_group_tests_name("rules_hints", tests, NULL, NULL);
}
