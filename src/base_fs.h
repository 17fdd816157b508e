/*
 * base_fs — reading the file system the way the stages need it: a regular file
 * whole, and a directory's entries in name order.
 */
#ifndef PEVCHECK_BASE_FS_H
#define PEVCHECK_BASE_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* The regular file at path, whole and NUL-terminated (malloc'd), at most
 * max bytes; its status in *st when st is not NULL.  What is not a regular
 * file is refused before it is opened (opening a device can act on it), and
 * the file is opened non-blocking and checked again, so a FIFO swapped in
 * cannot hang the run; `flags` are added to the open (such as O_NOFOLLOW,
 * which also makes the first check not follow a link).  NULL with errno
 * when it cannot be read: EISDIR for a directory, EINVAL for another kind
 * of file, EFBIG when larger than max (*st still filled in), EINTR when
 * SIGINT or SIGTERM asked the run to stop. */
char *fs_read_file(const char *path, int flags, size_t max, size_t *length, struct stat *st);

/* Why fs_read_file failed with errno err, in the user's language: "not a
 * regular file" rather than EINVAL's "Invalid argument". */
const char *fs_read_problem(int err);

/* The first bytes of the regular file at path, up to size, into buf: how
 * many, or -1 with errno.  Refused before it is opened when it is not a
 * regular file, opened non-blocking, as fs_read_file. */
long fs_read_head(const char *path, char *buf, size_t size);

/* dir and name joined with one '/' (none added when dir ends with one). */
void fs_join(char *out, size_t size, const char *dir, const char *name);

typedef enum fs_kind {
	FS_FILE,    /* anything but a directory */
	FS_DIR,     /* a directory, or a link to one */
	FS_DANGLING /* a link to nothing: stat failed */
} fs_kind;

typedef struct fs_entry {
	char *name;
	fs_kind kind;
	bool link; /* a symbolic link (kind is what it points to) */
} fs_entry;

/* The entries of dir, hidden ones (".name") left out, in name order so that
 * no result depends on the file system's order.  The kind comes from the
 * directory itself; stat is asked only for links and file systems that do
 * not say.  NULL with errno when dir cannot be opened, EINTR when SIGINT or
 * SIGTERM asked the run to stop. */
fs_entry *fs_list_dir(const char *dir, size_t *count);
void fs_free_list(fs_entry *list, size_t count);

/* A walk down a directory tree: the directories it has listed, by device
 * and inode, so that through symbolic links it lists each directory once.
 * A link to a directory the walk is inside (a loop: two links to "." once
 * made 2^40 visits) or has already listed is not followed again.  Zero it
 * to start. */
typedef struct fs_walk {
	struct fs_walk_id *ids;
	size_t count, capacity;
} fs_walk;

/* fs_list_dir within a walk: NULL with errno ELOOP when the walk has
 * listed dir (the same directory by another name) before. */
fs_entry *fs_walk_list(fs_walk *walk, const char *dir, size_t *count);
void fs_walk_free(fs_walk *walk);

/* Does path, every link followed, name something inside the directory
 * root_real (a path realpath gave), or that directory itself?  The resolved path is written into
 * resolved (size bytes, at least PATH_MAX) either way, when it resolves;
 * false with errno when it does not. */
bool fs_inside(const char *root_real, const char *path, char *resolved, size_t size);

/* Call each(path, stem, arg) for every NAME.yaml file (stem NAME) of the
 * folder sub of the rule directory rule_dir, in name order; each must be
 * inside the rule directory, every link followed (a link leading out of
 * it is an error naming it, and nothing is read).  A folder that is not
 * there is nothing to read: 0.  Stops at the first each that fails
 * (it wrote error); returns 0 or -1. */
int fs_each_yaml(const char *rule_dir, const char *sub, int (*each)(const char *path, const char *stem, void *arg),
                 void *arg, char *error, size_t error_size);

/* A folder the binary brings with it, found once and kept in found (size
 * bytes, static in the caller; later calls return it as it is): $env_name
 * when set and not empty; else the first of candidates, folders relative to
 * the executable's own, that accept() takes, through realpath; else
 * fallback. */
const char *fs_find_beside_exe(char *found, size_t size, const char *env_name,
                                const char *const *candidates, size_t count,
                                bool (*accept)(const char *path), const char *fallback);

/* The standard rule directory installed with the binary: beside it in a
 * build tree (./rules), or ../share/pevcheck/rules when installed;
 * $PEVCHECK_RULES first.  Its scoring frameworks are shared data every rule
 * set loads. */
const char *fs_bundled_rules(void);

/* Read from fd into buf until size bytes are in or the file ends, a read
 * cut short by a signal (EINTR) tried again: how many bytes were read.
 * *error (when not NULL) is set to errno when a read failed, else to 0. */
size_t fs_read_all(int fd, void *buf, size_t size, int *error);

/* Write length bytes to fd, a write cut short by a signal tried again:
 * false, with errno set, when one failed. */
bool fs_write_all(int fd, const void *data, size_t length);

/* Write length bytes to path all or nothing: a temporary file beside it,
 * renamed over it once complete.  Returns 0, or -1 with errno set (the
 * temporary removed). */
int fs_write_atomic(const char *path, const void *data, size_t length);

/* dirs with the bundled rule directory first unless it is among them
 * already (by name or as the same folder): where shared data such as the
 * scoring frameworks and form layouts is read.  *count is the list's
 * length, *added 1 when the bundled directory was put in front, else 0.
 * Free the list (not its strings) with free(). */
const char **fs_dirs_with_bundled(const char *const *dirs, size_t dir_count, size_t *count,
                                  size_t *added);

#endif
