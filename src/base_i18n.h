/*
 * base_i18n — the engine's own messages through GNU gettext: English msgids in
 * the source, Chinese in po/zh_CN.po.  Rule messages are the rule authors'
 * and never pass through here.
 *
 * _("...")   a message, translated where it is used
 * N_("...")  a message in a static table, marked for xgettext; translate it
 *            with _() where it is printed
 */
#ifndef PEVCHECK_BASE_I18N_H
#define PEVCHECK_BASE_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* "3 files": format, from ngettext(), printed with n into buf. */
static inline const char *i18n_count(char *buf, size_t size, const char *format, size_t n)
{
	snprintf(buf, size, format, n);
	return buf;
}

/* Choose the language and find the catalog; call once in main before any
 * thread starts.  Chinese when LANGUAGE, or else the first of LC_ALL,
 * LC_MESSAGES, LANG that is set, names zh (zh_CN, zh_CN.UTF-8, zh_TW, zh);
 * English otherwise, and always under a locale of exactly C or POSIX.
 * LC_NUMERIC stays "C"; messages are UTF-8 whatever the locale's codeset.
 * The catalog is found in $PEVCHECK_LOCALEDIR, or from the executable's
 * place (see i18n_locale_dir). */
void i18n_init(void);

/* Who chose the language, weakest first: the environment (i18n_init), the
 * project (.pevcheck.yaml language:), the command line (--lang). */
enum i18n_source { I18N_ENVIRONMENT, I18N_PROJECT, I18N_COMMAND_LINE };

/* Speak `lang`, "zh" (Chinese) or "en" (English), unless a stronger source
 * has chosen already; false when lang is neither.  Before any thread
 * starts, as i18n_init: a CI log in C.UTF-8 is then one language, not the
 * rules' Chinese beside the engine's English. */
bool i18n_choose(const char *lang, enum i18n_source source);

/* The folder holding zh_CN/LC_MESSAGES/pevcheck.mo: $PEVCHECK_LOCALEDIR;
 * else, from the executable's folder, ../share/locale (installed),
 * build/locale (./pevcheck in a checkout) or ../locale (build/plain/pevcheck);
 * else the compiled-in PEVCHECK_LOCALE_DIR. */
const char *i18n_locale_dir(void);

#endif
