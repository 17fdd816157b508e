/*
 * load_xml — one XML part of a zip package, streamed from the archive
 * through expat within limits.
 *
 * A part with a DOCTYPE is refused before its internal subset is read: no
 * .xlsx or .docx has one, and it is where entities are declared, so no
 * entity is ever expanded (billion laughs) or fetched (expat never fetches
 * external entities; no handler is installed that would).  Elements nest at
 * most max_xml_depth deep; the part must be well-formed, and its root
 * element must have the local name the caller expects, so an entry that is
 * not what its name says is refused, not half read.
 *
 * Names reach the handlers without their namespace ("c", "tbl"), so
 * transitional and strict OOXML read alike.  Attributes keep it, to tell
 * r:id (xmlp_attr_ns) from id (xmlp_attr).
 *
 * Knows nothing about workbooks or documents.
 */
#ifndef PEVCHECK_LOAD_XML_H
#define PEVCHECK_LOAD_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "load_grid.h"
#include "load_zip.h"

typedef struct xmlp xmlp;

typedef struct xmlp_handlers {
	void (*start)(void *ctx, xmlp *p, const char *name, const char **attrs);
	void (*end)(void *ctx, xmlp *p, const char *name);
	void (*text)(void *ctx, xmlp *p, const char *s, size_t length); /* may come in pieces */
} xmlp_handlers;

/*
 * Parse the part of archive z named part, calling the handlers (any may be
 * NULL).  root: the local name its root element must have.  0 when parsed
 * whole; -1 with the reason in error (without the part's name: the caller
 * says where).
 */
int xmlp_parse(zipr *z, const char *part, const char *root, const xmlp_handlers *h, void *ctx,
               const grid_limits *limits, char *error, size_t error_size);

/* Stop parsing: xmlp_parse returns -1 with this message. */
void xmlp_fail(xmlp *p, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The line being parsed, for messages. */
unsigned long xmlp_line(const xmlp *p);

/* The value of an attribute without a namespace prefix ("r", "t"), or NULL. */
const char *xmlp_attr(const char **attrs, const char *name);
/* The value of an attribute with a namespace, by local name ("id" for
 * r:id, "val" for w:val), or NULL. */
const char *xmlp_attr_ns(const char **attrs, const char *local);

#endif
