/*
 * load_xml — see load_xml.h.
 */
#include "load_xml.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The prototypes of the billion-laughs settings are behind XML_DTD, which
 * Debian's expat is built with (the symbols are in the library). */
#ifndef XML_DTD
#define XML_DTD
#endif
#include <expat.h>

#include "base_alloc.h"
#include "base_i18n.h"

/* Between a namespace and a local name in what expat passes; it cannot
 * occur in a namespace name (expat ≥ 2.4.5 refuses one that has it). */
#define NS_SEPARATOR '|'

struct xmlp {
	XML_Parser parser;
	const xmlp_handlers *h;
	void *ctx;
	const char *root;
	size_t depth, max_depth;
	bool seen_root;
	bool failed;
	char message[512];
};

static const char *local_name(const char *name)
{
	const char *bar = strrchr(name, NS_SEPARATOR);
	return bar ? bar + 1 : name;
}

void xmlp_fail(xmlp *p, const char *format, ...)
{
	if (p->failed)
		return;
	va_list ap;
	va_start(ap, format);
	vsnprintf(p->message, sizeof p->message, format, ap);
	va_end(ap);
	p->failed = true;
	XML_StopParser(p->parser, XML_FALSE);
}

unsigned long xmlp_line(const xmlp *p)
{
	return (unsigned long)XML_GetCurrentLineNumber(p->parser);
}

const char *xmlp_attr(const char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

const char *xmlp_attr_ns(const char **attrs, const char *local)
{
	for (size_t i = 0; attrs[i]; i += 2) {
		const char *bar = strrchr(attrs[i], NS_SEPARATOR);
		if (bar && strcmp(bar + 1, local) == 0)
			return attrs[i + 1];
	}
	return NULL;
}

/* expat may still call a handler or two after XML_StopParser (the end of
 * an empty element, the rest of a text run): each one checks failed. */
static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	xmlp *p = data;
	if (p->failed)
		return;
	const char *local = local_name(name);
	if (!p->seen_root) {
		p->seen_root = true;
		if (p->root && strcmp(local, p->root) != 0) {
			xmlp_fail(p, _("not the part its name says: its root element is <%.60s>, not <%s>"),
			          local, p->root);
			return;
		}
	}
	if (++p->depth > p->max_depth) {
		xmlp_fail(p, _("elements nested more than %zu deep (line %lu)"), p->max_depth,
		          xmlp_line(p));
		return;
	}
	if (p->h->start)
		p->h->start(p->ctx, p, local, attrs);
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
	xmlp *p = data;
	if (p->failed)
		return;
	p->depth--;
	if (p->h->end)
		p->h->end(p->ctx, p, local_name(name));
}

static void XMLCALL on_text(void *data, const XML_Char *s, int length)
{
	xmlp *p = data;
	if (!p->failed && p->h->text && length > 0)
		p->h->text(p->ctx, p, s, (size_t)length);
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xmlp_fail(data, "%s",
	          _("has a DOCTYPE declaration, which no .xlsx or .docx has (it can declare "
	            "entities that expand without end or read other files): refused"));
}

/* Not reached while every DOCTYPE is refused; kept so that an entity
 * declaration can never be taken in silently. */
static void XMLCALL on_entity(void *data, const XML_Char *name, int is_parameter,
                              const XML_Char *value, int value_length, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
	(void)name;
	(void)is_parameter;
	(void)value;
	(void)value_length;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	xmlp_fail(data, "%s", _("declares an entity: refused"));
}

static bool feed(void *data, const char *bytes, size_t length)
{
	xmlp *p = data;
	while (length > 0) {
		int n = length > (1u << 30) ? 1 << 30 : (int)length;
		if (XML_Parse(p->parser, bytes, n, XML_FALSE) != XML_STATUS_OK)
			return false;
		bytes += n;
		length -= (size_t)n;
	}
	return true;
}

int xmlp_parse(zipr *z, const char *part, const char *root, const xmlp_handlers *h, void *ctx,
               const grid_limits *limits, char *error, size_t error_size)
{
	const grid_limits *lim = limits ? limits : &grid_limits_default;
	xmlp p = { 0 };
	p.parser = XML_ParserCreateNS(NULL, NS_SEPARATOR);
	if (!p.parser)
		xout_of_memory(); /* the only way XML_ParserCreateNS fails */
	p.h = h;
	p.ctx = ctx;
	p.root = root;
	p.max_depth = lim->max_xml_depth;
	XML_SetUserData(p.parser, &p);
	XML_SetElementHandler(p.parser, on_start, on_end);
	XML_SetCharacterDataHandler(p.parser, on_text);
	XML_SetStartDoctypeDeclHandler(p.parser, on_doctype);
	XML_SetEntityDeclHandler(p.parser, on_entity);
	XML_SetParamEntityParsing(p.parser, XML_PARAM_ENTITY_PARSING_NEVER);
	/* Never reached (no DOCTYPE, so no entity), and still the tightest
	 * setting: amplification past 10 times once 1 MiB was produced. */
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(p.parser, 10.0f);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(p.parser, 1u << 20);

	char zip_error[512];
	int read = zipr_read(z, part, feed, &p, zip_error, sizeof zip_error);
	int status = 0;
	if (read == 0 && XML_Parse(p.parser, "", 0, XML_TRUE) != XML_STATUS_OK)
		read = -1;
	if (p.failed) {
		snprintf(error, error_size, "%s", p.message);
		status = -1;
	} else if (read != 0 && zip_error[0]) {
		snprintf(error, error_size, "%s", zip_error);
		status = -1;
	} else if (read != 0) {
		snprintf(error, error_size, _("not well-formed XML at line %lu, column %lu: %s"),
		         (unsigned long)XML_GetErrorLineNumber(p.parser),
		         (unsigned long)XML_GetErrorColumnNumber(p.parser) + 1,
		         XML_ErrorString(XML_GetErrorCode(p.parser)));
		status = -1;
	}
	XML_ParserFree(p.parser);
	return status;
}
