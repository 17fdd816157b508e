/*
 * load_zip — see load_zip.h.
 */
#include "load_zip.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base_alloc.h"
#include "base_i18n.h"

struct zipr {
	zip_t *archive;
	const grid_limits *limits;
	size_t inflated; /* bytes read from all entries so far */
};

/* Entries at most this large are not held to max_ratio: small XML parts
 * often compress 50 to 100 times and are harmless. */
#define RATIO_FLOOR (1u << 20)
#define CHUNK (64u << 10)

static const unsigned char compound_magic[8] = { 0xD0, 0xCF, 0x11, 0xE0,
	                                         0xA1, 0xB1, 0x1A, 0xE1 };

bool zipr_is_compound_file(const void *data, size_t size)
{
	return size >= sizeof compound_magic && memcmp(data, compound_magic, sizeof compound_magic) == 0;
}

static bool ends_with(const char *name, const char *const *extensions)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	for (size_t i = 0; dot && extensions[i]; i++)
		if (strcasecmp(dot + 1, extensions[i]) == 0)
			return true;
	return false;
}

/* What to do with an OLE compound file, by the extension it came with:
 * Office 97-2003 files and encrypted OOXML packages are both compound files,
 * and which one it is does not matter to the preparer. */
static const char *compound_advice(const char *name)
{
	static const char *const workbook[] = { "xls", "xlsx", "xlsm", "xlt", "xltx", "et", NULL };
	static const char *const document[] = { "doc", "docx", "docm", "dot", "dotx", "wps", NULL };
	if (ends_with(name, workbook))
		return _("this is an Excel 97-2003 workbook (.xls) or a password-protected "
		         "workbook: open it in Excel or WPS and save it as .xlsx without a password");
	if (ends_with(name, document))
		return _("this is a Word 97-2003 document (.doc) or a password-protected document: "
		         "open it in Word or WPS and save it as .docx without a password");
	return _("this is an Office 97-2003 file (.xls, .doc) or a password-protected Office "
	         "file: save it as .xlsx or .docx without a password");
}

static const char *open_error(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
		return _("not a zip archive, so neither an .xlsx nor a .docx file (or one damaged "
		         "beyond reading)");
	case ZIP_ER_INCONS:
		return _("the zip archive is damaged: its directory does not match its contents");
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return _("the zip archive is cut short (an incomplete download or copy?)");
	case ZIP_ER_MULTIDISK:
		return _("a zip archive split over several files is not supported");
	case ZIP_ER_MEMORY:
		return _("out of memory");
	default:
		return NULL;
	}
}

/*
 * A part name as OPC allows it: relative, parts separated by "/", none empty,
 * "." or ".."; no backslash (a Windows path), no control character.
 * Directory entries ("xl/") end with a slash and are allowed.
 */
static bool valid_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 1024 || name[0] == '/')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f || name[i] == '\\')
			return false;
	for (const char *part = name; *part;) {
		size_t len = strcspn(part, "/");
		if (len == 0 || (len == 1 && part[0] == '.') ||
		    (len == 2 && part[0] == '.' && part[1] == '.'))
			return false;
		part += len;
		if (*part == '/')
			part++; /* a directory's trailing slash ends the loop here */
	}
	return true;
}

static int compare_folded(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The name of the first pair of names alike but for case, or NULL. */
static const char *duplicate_name(const char **names, size_t count)
{
	qsort(names, count, sizeof *names, compare_folded);
	for (size_t i = 1; i < count; i++)
		if (strcasecmp(names[i - 1], names[i]) == 0)
			return names[i];
	return NULL;
}

/* Check every entry: name, encryption, duplicates.  0, or -1 with error. */
static int check_entries(zip_t *za, zip_int64_t count, char *error, size_t error_size)
{
	const char **names = xmalloc((size_t)count * sizeof *names + 1);
	int status = 0;
	for (zip_int64_t i = 0; i < count && status == 0; i++) {
		zip_stat_t st;
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
			snprintf(error, error_size, "%s",
			         _("the zip archive is damaged: an entry cannot be read"));
			status = -1;
		} else if (!valid_name(st.name)) {
			snprintf(error, error_size,
			         _("the zip archive holds an entry named \"%.200s\", which no .xlsx or "
			           ".docx has (an absolute path, \"..\" or a control character)"),
			         st.name);
			status = -1;
		} else if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		           st.encryption_method != ZIP_EM_NONE) {
			snprintf(error, error_size, "%s",
			         _("the zip archive is encrypted: save the file without a password"));
			status = -1;
		}
		names[i] = st.name;
	}
	const char *twice = status == 0 ? duplicate_name(names, (size_t)count) : NULL;
	if (twice) {
		snprintf(error, error_size,
		         _("the zip archive holds the entry \"%.200s\" twice: which one counts "
		           "cannot be told"),
		         twice);
		status = -1;
	}
	free(names);
	return status;
}

zipr *zipr_open(const void *data, size_t size, const char *name, const grid_limits *limits,
                char *error, size_t error_size)
{
	const grid_limits *lim = limits ? limits : &grid_limits_default;
	error[0] = '\0';
	if (zipr_is_compound_file(data, size)) {
		snprintf(error, error_size, "%s", compound_advice(name));
		return NULL;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!za) {
		int code = zip_error_code_zip(&ze);
		/* A zip archive ends with its directory: one that starts like an
		 * archive and has none was cut short. */
		if (code == ZIP_ER_NOZIP && size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
			code = ZIP_ER_EOF;
		const char *why = open_error(code);
		if (why)
			snprintf(error, error_size, "%s", why);
		else
			snprintf(error, error_size, _("the zip archive cannot be read: %s"),
			         zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		return NULL;
	}
	zip_error_fini(&ze);
	zip_int64_t count = zip_get_num_entries(za, 0);
	if (count < 0 || (zip_uint64_t)count > lim->max_entries) {
		snprintf(error, error_size,
		         _("the zip archive has %lld entries, more than the limit of %zu"),
		         (long long)count, lim->max_entries);
		zip_discard(za);
		return NULL;
	}
	if (check_entries(za, count, error, error_size) != 0) {
		zip_discard(za);
		return NULL;
	}
	zipr *z = xcalloc(1, sizeof *z);
	z->archive = za;
	z->limits = lim;
	return z;
}

void zipr_close(zipr *z)
{
	if (!z)
		return;
	zip_discard(z->archive); /* read-only: nothing to write back */
	free(z);
}

bool zipr_has(zipr *z, const char *entry)
{
	return zip_name_locate(z->archive, entry, ZIP_FL_NOCASE) >= 0;
}

/* An entry's declared sizes against the limits.  0, or -1 with error. */
static int check_sizes(zipr *z, const zip_stat_t *st, char *error, size_t error_size)
{
	const grid_limits *lim = z->limits;
	if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE)) {
		snprintf(error, error_size, "%s", _("the zip archive does not say how large it is"));
		return -1;
	}
	if (st->size > lim->max_entry_bytes) {
		snprintf(error, error_size,
		         _("%llu bytes uncompressed, more than the limit of %zu (a zip bomb?)"),
		         (unsigned long long)st->size, lim->max_entry_bytes);
		return -1;
	}
	if (st->size > lim->max_total_bytes - z->inflated) {
		snprintf(error, error_size,
		         _("the entries read come to more than the limit of %zu bytes "
		           "uncompressed (a zip bomb?)"),
		         lim->max_total_bytes);
		return -1;
	}
	if (st->size > RATIO_FLOOR &&
	    (st->comp_size == 0 || st->size / st->comp_size > lim->max_ratio)) {
		snprintf(error, error_size,
		         _("compressed %llu times, more than the limit of %zu (a zip bomb?)"),
		         (unsigned long long)(st->comp_size ? st->size / st->comp_size : st->size),
		         lim->max_ratio);
		return -1;
	}
	return 0;
}

/*
 * Inflate an opened entry of `size` declared bytes into sink, chunk by
 * chunk.  One byte more than declared may be asked for: that it comes is
 * how a lying header shows.  0, or -1 with the reason in error (empty when
 * the sink stopped).
 */
static int inflate(zipr *z, zip_file_t *f, uint64_t size, zipr_sink sink, void *ctx,
                   char *error, size_t error_size)
{
	char *buf = xmalloc(CHUNK);
	uint64_t got = 0;
	int status = 0;
	for (;;) {
		uint64_t want = size - got + 1;
		zip_int64_t n = zip_fread(f, buf, want < CHUNK ? want : CHUNK);
		if (n < 0) {
			snprintf(error, error_size, _("damaged: %s"), zip_file_strerror(f));
			status = -1;
			break;
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
		if (got > size) {
			snprintf(error, error_size,
			         _("holds more data than the zip archive declares (%llu bytes): the "
			           "archive is damaged or forged"),
			         (unsigned long long)size);
			status = -1;
			break;
		}
		z->inflated += (size_t)n;
		if (!sink(ctx, buf, (size_t)n)) {
			status = -1;
			break;
		}
	}
	if (status == 0 && got < size) {
		snprintf(error, error_size, _("cut short: %llu of %llu bytes"),
		         (unsigned long long)got, (unsigned long long)size);
		status = -1;
	}
	free(buf);
	return status;
}

int zipr_read(zipr *z, const char *entry, zipr_sink sink, void *ctx, char *error,
              size_t error_size)
{
	error[0] = '\0';
	zip_int64_t index = zip_name_locate(z->archive, entry, ZIP_FL_NOCASE);
	zip_stat_t st;
	if (index < 0 || zip_stat_index(z->archive, (zip_uint64_t)index, 0, &st) != 0) {
		snprintf(error, error_size, "%s", _("missing from the zip archive"));
		return -1;
	}
	if (check_sizes(z, &st, error, error_size) != 0)
		return -1;
	zip_file_t *f = zip_fopen_index(z->archive, (zip_uint64_t)index, 0);
	if (!f) {
		zip_error_t *ze = zip_get_error(z->archive);
		snprintf(error, error_size, _("cannot be read: %s"), zip_error_strerror(ze));
		return -1;
	}
	int status = inflate(z, f, st.size, sink, ctx, error, error_size);
	zip_fclose(f);
	return status;
}
