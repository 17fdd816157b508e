/*
 * load_yaml — libyaml events straight into Lua tables.
 *
 * A file is read whole and parsed one document at a time.  Each document
 * becomes a Lua table (mappings and sequences are tables, sequences from
 * index 1) and a positions tree (load_positions.h); every table carries its node
 * id under a hidden light-userdata key so a finding can be located later.
 * Plain scalars that are YAML nulls become nil, true/false booleans, strict
 * decimal numbers ("45.07", "3400", "-1") Decimals (rules_decimal.h); all else
 * (quoted scalars, "383,506.13", dates) stays a string for the report model
 * to interpret.  Mapping keys are always strings.
 *
 * Problems are findings with a line and column (rule id "pev.yaml"), never
 * aborts: syntax errors and invalid UTF-8 (from libyaml), duplicate keys,
 * non-scalar keys, and the limits below.
 *
 * Knows nothing about the report format.
 */
#ifndef PEVCHECK_LOAD_YAML_H
#define PEVCHECK_LOAD_YAML_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "load_positions.h"
#include "run_result.h"

typedef struct load_limits {
	size_t max_file_bytes;
	size_t max_depth;
	size_t max_nodes;   /* per document */
	size_t max_aliases; /* per document */
	size_t max_alias_expansion; /* nodes all aliases of a document stand for */
	size_t max_scalar_bytes;
} load_limits;

extern const load_limits load_limits_default;

typedef struct yload {
	char *text;
	size_t length;
	yaml_parser_t parser;
	bool parser_ready;
	bool finished;      /* stream end reached or an error stopped it */
	bool pending_start; /* a DOCUMENT_START already read for the next doc */
	int documents;      /* documents loaded so far */
	unsigned events;    /* read: SIGINT and SIGTERM are looked for every 1024 */
	load_limits limits;
} yload;

/* Light userdata key under which every loaded table keeps its node id. */
extern const char yload_node_key;

/* Read the whole file.  Returns 0, or -1 with an error message (the
 * caller reports it as an unreadable file). */
int yload_open(yload *ld, const char *path, const load_limits *limits,
                     char *error, size_t error_size);
/* Same, over a buffer the loader copies (tests and fuzzing). */
int yload_open_buffer(yload *ld, const char *text, size_t length,
                            const load_limits *limits);
void yload_close(yload *ld);

/*
 * Load the next document.  On 1 the document's root is pushed on L (or nil
 * when the document could not be built) and pos describes it; problems were
 * added to r as findings.  Returns 0 at the end of the stream (nothing
 * pushed).  yload_more() then tells whether another document follows,
 * so a file of one document is numbered 0 and one of several 1, 2, ...
 */
int yload_next(yload *ld, lua_State *L, pos_tree *pos, doc_result *r);
bool yload_more(yload *ld);

#endif
