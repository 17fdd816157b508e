/*
 * base_i18n — see base_i18n.h.
 */
#include "base_i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base_fs.h"

#ifndef PEVCHECK_LOCALE_DIR
#define PEVCHECK_LOCALE_DIR "/usr/local/share/locale"
#endif

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static bool names_chinese(const char *locale)
{
	return locale && locale[0] == 'z' && locale[1] == 'h' &&
	       (locale[2] == '\0' || strchr("_.@:", locale[2]));
}

static bool is_c_locale(const char *locale)
{
	return locale && (!strcmp(locale, "C") || !strcmp(locale, "POSIX"));
}

static bool has_catalog(const char *dir)
{
	char path[PATH_MAX + 64];
	struct stat st;
	snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/pevcheck.mo", dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *i18n_locale_dir(void)
{
	static char found[PATH_MAX + 64];
	/* installed; ./pevcheck in a checkout; build/plain/pevcheck;
	 * build/plain/unit/test_* */
	static const char *const candidates[] = {
		"../share/locale", "build/locale", "../locale", "../../locale",
	};
	return fs_find_beside_exe(found, sizeof found, "PEVCHECK_LOCALEDIR", candidates,
	                           sizeof candidates / sizeof *candidates, has_catalog,
	                           PEVCHECK_LOCALE_DIR);
}

/* Messages in Chinese, or untranslated (English). */
static void speak(bool chinese)
{
	if (chinese) {
		/* glibc's gettext follows LANGUAGE unless LC_MESSAGES is exactly
		 * C or POSIX; there is one catalog, zh_CN, for every zh locale. */
		const char *messages = setlocale(LC_MESSAGES, NULL);
		if (!messages || is_c_locale(messages)) {
			if (!setlocale(LC_MESSAGES, "C.UTF-8"))
				setlocale(LC_ALL, "C.UTF-8");
		}
		setenv("LANGUAGE", "zh_CN", 1);
	} else {
		/* Untranslated, even for LANG=zh_CN.UTF-8 LANGUAGE=en. */
		setlocale(LC_MESSAGES, "C");
	}
}

void i18n_init(void)
{
	const char *locale = env("LC_ALL");
	if (!locale)
		locale = env("LC_MESSAGES");
	if (!locale)
		locale = env("LANG");
	const char *language = env("LANGUAGE");
	/* As in GNU gettext, a locale of exactly C or POSIX means untranslated
	 * messages whatever LANGUAGE says; LANGUAGE, when set, beats the locale. */
	bool chinese = !is_c_locale(locale) && (language ? names_chinese(language) : names_chinese(locale));

	if (!setlocale(LC_ALL, "")) {
		/* The locale asked for is not installed (a fresh Debian has no
		 * zh_CN.UTF-8): keep UTF-8 text handling all the same. */
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C");
	}
	speak(chinese);
	/* Numbers in JSON and in messages keep their decimal point. */
	setlocale(LC_NUMERIC, "C");
	/* Rules compare strings byte by byte, whatever the user's locale: the
	 * same result on every machine (Lua's < uses strcoll), and in time
	 * linear in the bytes (a collating strcoll on long strings is far
	 * slower than the instruction it counts as). */
	setlocale(LC_COLLATE, "C");

	bindtextdomain("pevcheck", i18n_locale_dir());
	bind_textdomain_codeset("pevcheck", "UTF-8");
	textdomain("pevcheck");
}

bool i18n_choose(const char *lang, enum i18n_source source)
{
	static enum i18n_source chosen_by = I18N_ENVIRONMENT;
	bool chinese = !strcmp(lang, "zh");
	if (!chinese && strcmp(lang, "en"))
		return false;
	if (source < chosen_by)
		return true;
	chosen_by = source;
	speak(chinese);
	textdomain("pevcheck"); /* gettext forgets the translations it looked up */
	return true;
}
