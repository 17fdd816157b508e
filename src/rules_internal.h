/*
 * rules_internal — what the rule runtime's modules share (rules_load,
 * rules_decl, rules_api, rules_helpers, rules_history, rules_require,
 * rules_run): the rule set's fields behind the opaque handle of rules.h.
 * Nothing outside the rule runtime includes it.
 *
 * Every API function finds the running context through the registry of
 * its own Lua state (rules_from_state), never a C global, so each worker
 * thread's state is independent.
 */
#ifndef PEVCHECK_RULES_INTERNAL_H
#define PEVCHECK_RULES_INTERNAL_H

#include <lauxlib.h>

#include "rules.h"

/* What running a declared rule needs, beside its declaration (the same
 * index in rule_set.code as in rule_set.rules). */
typedef struct rule_code {
	int check_ref;   /* registry reference to its check function */
	/* Stopped for the rest of the run, and why (malloc'd): it kept more
	 * memory than a rule may, from one report to the next. */
	char *stopped;
	/* --profile: how often the check ran and how long it took */
	unsigned long long profile_calls, profile_ns;
} rule_code;

struct rule_set {
	lua_State *L;
	rule_decl *rules; /* the catalog, in load order */
	rule_code *code;
	size_t count, capacity;
	char **dirs;
	size_t dir_count;
	grade_bands bands;
	char *name, *version;
	int crashes;       /* rules that failed at run time, over all documents */
	long max_findings; /* per rule and report (sandbox_limits.rule_findings) */
	const rule_options *options;    /* the caller's, see rules.h */
	framework_set frameworks;       /* scoring frameworks, see score_framework.h */
	layout_set layouts;             /* form layouts, see load_layout.h */
	const framework *framework;     /* the one of the report being checked, or NULL */
	const framework *overlay;       /* a framework of parameters only over it, or NULL */
	enum fw_chosen_by framework_by; /* and why */
	void *run; /* the running document's context, run_ctx */
};

/* What the running document needs to be reachable from API calls. */
typedef struct run_ctx {
	const rule_decl *rule; /* NULL while loading */
	/* The running rule's indicator in the report (NULL: the report has
	 * none), and the path its rule{} or its concept asked for (NULL: it
	 * scores no indicator under this framework). */
	const char *indicator, *indicator_wanted;
	doc_result *r;
	const pos_tree *pos;
	score_effects *effects;
	/* loading */
	const char *loading_file;
	const char *loading_text;
	size_t loading_length;
	rule_param *pending_params;
	size_t pending_param_count;
	bool loading;
	bool unverified; /* the running rule said it could not check */
	char *unverified_reason; /* and why, when it said (malloc'd) */
	long reported;   /* findings, deductions and set_score calls of the running rule */
	char *previous_path;     /* the report's previous: field */
	bool previous_reported;  /* an unreadable previous report was reported */
} run_ctx;

/* rules_load.c: the rule set of a state, and the message handler every
 * rule chunk runs under (the error, then the stack within rule files). */
rule_set *rules_from_state(lua_State *L);
static inline run_ctx *rules_ctx(lua_State *L)
{
	return rules_from_state(L)->run;
}
int rules_traceback(lua_State *L);

/* The globals each module adds to the sandbox base. */
extern const luaL_Reg rules_decl_api[];    /* rule, params */
extern const luaL_Reg rules_check_api[];   /* finding, deduct, set_score, ... */
extern const luaL_Reg rules_helper_api[];  /* round, ratio, percent, ... */
extern const luaL_Reg rules_history_api[]; /* previous */
extern const luaL_Reg rules_require_api[]; /* require */
extern const luaL_Reg rules_framework_api[]; /* framework */

/* rules_fields.c: reading a field a report table cannot have is an error. */
void rules_fields_init(lua_State *L);

/* rules_framework.c */
void rules_framework_init(lua_State *L);
/* Push the parameter table a rule file gets from params{}: reads go to the
 * framework in use first, then the default at `defaults`; writes fail. */
void rules_push_params(lua_State *L, int defaults, const char *file);
/* The indicator path the rule scores for the report being checked: its
 * rule{} indicator, or where the framework in use puts its concept; NULL
 * when neither says. */
const char *rules_wanted_indicator(const rule_set *rs, const rule_decl *d);

/* rules_decl.c: forget the parameters params{} collected for the file
 * being loaded. */
void rules_decl_reset(run_ctx *c);

/* rules_api.c */
/* The context of the running check; raises when `fn` is called outside one. */
run_ctx *rules_checking(lua_State *L, const char *fn);
/* The full path of an indicator a rule names: exact, or the one indicator
 * whose path ends with "/name"; NULL (or an error when raise) otherwise. */
const char *rules_resolve_indicator(lua_State *L, const char *wanted, bool raise);
/* Index the indicators of the document at root by path, for indicator(). */
void rules_index_indicators(lua_State *L, int root);

/* rules_run.c: the Lua function at fn holds, as its upvalue 1, an _ENV
 * shared by code of the rule file `file` (the file's main chunk, whose
 * _ENV every function of the file shares, or a module instance the file
 * required), and `env` is the table that holds the globals it defined when
 * it loaded.  While a rule of the file checks a report, every such _ENV is
 * a fresh table reading through to its env: the globals any function of
 * the file sets are per rule and report, however they are set. */
void rules_add_env(lua_State *L, const char *file, int fn, int env);
/* The rules from `first` on are loaded: find their file's cells by rule. */
void rules_index_envs(rule_set *rs, size_t first);

/* rules_history.c: a new report is about to be checked (root: its table). */
void rules_history_begin(lua_State *L, run_ctx *c, int root);

/* rules_require.c */
void rules_require_init(lua_State *L);
/* Drop the module instances the rule file `file` required (its rules
 * are stopped: what the modules hold can go). */
void rules_forget_modules(lua_State *L, const char *file);
/* The chunk on top of the stack was compiled from `file`: tell coverage
 * which of its lines can run. */
void rules_trace_chunk(rule_set *rs, const char *file);
void rules_observe_line(void *context, const char *source, int line);

#endif
