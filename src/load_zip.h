/*
 * load_zip — the entries of a zip archive (an .xlsx or .docx package),
 * read over libzip within the limits of grid_limits.
 *
 * Opening checks the archive as a whole before anything is inflated:
 * libzip's consistency check (the central directory against the local
 * headers), the number of entries, every name (relative, no "." or ".."
 * part, no backslash, no control character, no two names alike when case is
 * ignored, as OPC compares part names), and no encrypted entry.  An Office
 * 97-2003 file or an encrypted .xlsx/.docx (both OLE compound files, magic
 * D0 CF 11 E0 A1 B1 1A E1) is refused with what to do about it.
 *
 * Reading an entry checks its declared size against max_entry_bytes and
 * what is left of max_total_bytes, and its compression ratio against
 * max_ratio, then inflates it in chunks and stops at the declared size:
 * more data than the header declares is an error (a header that lies), not
 * more input.  Entries that are never read (images) are never inflated.
 *
 * Problems are sentences for the preparer, without the file's or the
 * entry's name (the caller says where); no archive makes it abort.  Knows
 * nothing about what the entries hold.
 */
#ifndef PEVCHECK_LOAD_ZIP_H
#define PEVCHECK_LOAD_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "load_grid.h"

typedef struct zipr zipr;

/* True when data starts with the OLE compound file magic. */
bool zipr_is_compound_file(const void *data, size_t size);

/*
 * Open the archive in data[0..size): not copied, it must outlive the zipr.
 * name (the file's, for the advice on a compound file: .xls or .doc) may
 * be NULL.  NULL with the reason in error when the archive is refused.
 */
zipr *zipr_open(const void *data, size_t size, const char *name, const grid_limits *limits,
                char *error, size_t error_size);
void zipr_close(zipr *z);

/* Whether the archive holds the entry (names compared ignoring case). */
bool zipr_has(zipr *z, const char *entry);

/* Receives an entry's bytes chunk by chunk; returns false to stop reading
 * (the sink has its own reason, zipr_read then returns -1 with no error). */
typedef bool (*zipr_sink)(void *ctx, const char *data, size_t length);

/* Inflate the entry into sink.  0 when read whole; -1 with the reason in
 * error (empty when the sink stopped). */
int zipr_read(zipr *z, const char *entry, zipr_sink sink, void *ctx, char *error,
              size_t error_size);

#endif
