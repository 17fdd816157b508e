/*
 * base_fs — see base_fs.h.
 */
#include "base_fs.h"

#include "base_interrupt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base_alloc.h"
#include "base_i18n.h"

char *fs_read_file(const char *path, int flags, size_t max, size_t *length, struct stat *st)
{
	struct stat own;
	if (!st)
		st = &own;
	if (interrupt_signal()) {
		errno = EINTR;
		return NULL;
	}
	/* Not opened unless it is a regular file: opening a device can act
	 * on it, and opening a FIFO waits for a writer. */
	if (((flags & O_NOFOLLOW) ? lstat(path, st) : stat(path, st)) == 0 && !S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : S_ISLNK(st->st_mode) ? ELOOP : EINVAL;
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | flags);
	if (fd < 0)
		return NULL;
	int error = 0;
	if (fstat(fd, st) != 0)
		error = errno;
	else if (!S_ISREG(st->st_mode))
		error = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
	else if (st->st_size < 0 || (unsigned long long)st->st_size > max)
		error = EFBIG;
	char *text = error ? NULL : malloc((size_t)st->st_size + 1);
	if (!error && !text)
		error = ENOMEM;
	/* fewer bytes than its size when it shrank meanwhile */
	size_t got = error ? 0 : fs_read_all(fd, text, (size_t)st->st_size, &error);
	close(fd);
	if (error) {
		free(text);
		errno = error;
		return NULL;
	}
	text[got] = '\0';
	*length = got;
	return text;
}

size_t fs_read_all(int fd, void *buf, size_t size, int *error)
{
	unsigned char *p = buf;
	size_t got = 0;
	if (error)
		*error = 0;
	while (got < size) {
		ssize_t n = read(fd, p + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && error)
			*error = errno;
		if (n <= 0)
			break; /* an error, or the end of the file */
		got += (size_t)n;
	}
	return got;
}

bool fs_write_all(int fd, const void *data, size_t length)
{
	const unsigned char *p = data;
	while (length) {
		ssize_t n = write(fd, p, length);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		length -= (size_t)n;
	}
	return true;
}

const char *fs_read_problem(int err)
{
	if (err == EINVAL || err == EISDIR)
		return _("not a regular file");
	if (err == EINTR)
		return _("the check was interrupted");
	return strerror(err);
}

long fs_read_head(const char *path, char *buf, size_t size)
{
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	long got = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		got = (long)fs_read_all(fd, buf, size, NULL);
	} else {
		errno = EINVAL;
	}
	close(fd);
	return got;
}

void fs_join(char *out, size_t size, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	snprintf(out, size, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const fs_entry *)a)->name, ((const fs_entry *)b)->name);
}

/* ---- walks ------------------------------------------------------------------ */

struct fs_walk_id {
	dev_t dev;
	ino_t ino;
	bool used;
};

static size_t id_slot(const fs_walk *w, dev_t dev, ino_t ino)
{
	size_t h = ((size_t)ino * 0x9e3779b97f4a7c15ull) ^ (size_t)dev;
	size_t i = h & (w->capacity - 1);
	while (w->ids[i].used && (w->ids[i].dev != dev || w->ids[i].ino != ino))
		i = (i + 1) & (w->capacity - 1);
	return i;
}

/* Record a directory; false when the walk has it already. */
static bool walk_add(fs_walk *w, dev_t dev, ino_t ino)
{
	if (w->capacity && w->ids[id_slot(w, dev, ino)].used)
		return false;
	if ((w->count + 1) * 2 > w->capacity) {
		fs_walk grown = { .capacity = w->capacity ? w->capacity * 2 : 64 };
		grown.ids = xcalloc(grown.capacity, sizeof *grown.ids);
		for (size_t i = 0; i < w->capacity; i++)
			if (w->ids[i].used)
				grown.ids[id_slot(&grown, w->ids[i].dev, w->ids[i].ino)] = w->ids[i];
		free(w->ids);
		w->ids = grown.ids;
		w->capacity = grown.capacity;
	}
	w->ids[id_slot(w, dev, ino)] = (struct fs_walk_id){ dev, ino, true };
	w->count++;
	return true;
}

void fs_walk_free(fs_walk *walk)
{
	free(walk->ids);
	memset(walk, 0, sizeof *walk);
}

static fs_entry *list_dir(const char *dir, size_t *count, fs_walk *walk)
{
	if (interrupt_signal()) {
		errno = EINTR;
		return NULL;
	}
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct stat self;
	if (walk && (fstat(dirfd(d), &self) != 0 || !walk_add(walk, self.st_dev, self.st_ino))) {
		closedir(d);
		errno = ELOOP;
		return NULL;
	}
	size_t n = 0, capacity = 16;
	fs_entry *list = xmalloc(capacity * sizeof *list); /* not NULL, even when empty */
	for (struct dirent *e; (e = readdir(d));) {
		if (interrupt_signal()) {
			closedir(d);
			fs_free_list(list, n);
			errno = EINTR;
			return NULL;
		}
		if (e->d_name[0] == '.')
			continue;
		ARRAY_GROW(list, n, capacity);
		fs_kind kind = e->d_type == DT_DIR ? FS_DIR : FS_FILE;
		bool link = e->d_type == DT_LNK;
		if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
			/* a link, or a file system that does not say: ask */
			char path[4096];
			fs_join(path, sizeof path, dir, e->d_name);
			struct stat st;
			if (e->d_type == DT_UNKNOWN)
				link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
			kind = stat(path, &st) != 0 ? FS_DANGLING : S_ISDIR(st.st_mode) ? FS_DIR : FS_FILE;
		}
		list[n].name = xstrdup(e->d_name);
		list[n].link = link;
		list[n++].kind = kind;
	}
	closedir(d);
	if (n > 1)
		qsort(list, n, sizeof *list, compare_entries);
	*count = n;
	return list;
}

fs_entry *fs_list_dir(const char *dir, size_t *count)
{
	return list_dir(dir, count, NULL);
}

fs_entry *fs_walk_list(fs_walk *walk, const char *dir, size_t *count)
{
	return list_dir(dir, count, walk);
}

bool fs_inside(const char *root_real, const char *path, char *resolved, size_t size)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return false;
	snprintf(resolved, size, "%s", real);
	size_t n = strlen(root_real);
	while (n > 0 && root_real[n - 1] == '/')
		n--; /* "/" itself, or a root given with a trailing slash */
	return strncmp(real, root_real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

void fs_free_list(fs_entry *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].name);
	free(list);
}

const char *fs_find_beside_exe(char *found, size_t size, const char *env_name,
                                const char *const *candidates, size_t count,
                                bool (*accept)(const char *path), const char *fallback)
{
	if (found[0])
		return found;
	const char *env = getenv(env_name);
	if (env && *env) {
		snprintf(found, size, "%s", env);
		return found;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			for (size_t i = 0; i < count; i++) {
				char path[PATH_MAX + 32];
				snprintf(path, sizeof path, "%s/%s", exe, candidates[i]);
				if (accept(path)) {
					char *real = realpath(path, NULL);
					snprintf(found, size, "%s", real ? real : path);
					free(real);
					return found;
				}
			}
		}
	}
	snprintf(found, size, "%s", fallback);
	return found;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *fs_bundled_rules(void)
{
	static char found[PATH_MAX + 64];
	/* installed; ./pevcheck in a checkout */
	static const char *const candidates[] = { "../share/pevcheck/rules", "rules" };
#ifdef PEVCHECK_RULES_DIR
	const char *fallback = PEVCHECK_RULES_DIR;
#else
	const char *fallback = "rules";
#endif
	return fs_find_beside_exe(found, sizeof found, "PEVCHECK_RULES", candidates,
	                           sizeof candidates / sizeof *candidates, is_dir, fallback);
}

const char **fs_dirs_with_bundled(const char *const *dirs, size_t dir_count, size_t *count,
                                  size_t *added)
{
	const char *bundled = fs_bundled_rules();
	struct stat b, d;
	bool have_bundled = bundled && stat(bundled, &b) == 0;
	bool listed = false;
	for (size_t i = 0; i < dir_count && !listed; i++)
		listed = !strcmp(dirs[i], bundled) ||
		         (have_bundled && stat(dirs[i], &d) == 0 && d.st_dev == b.st_dev && d.st_ino == b.st_ino);
	*added = have_bundled && !listed ? 1 : 0;
	const char **all = xcalloc(dir_count + 1, sizeof *all);
	if (*added)
		all[0] = bundled;
	for (size_t i = 0; i < dir_count; i++)
		all[i + *added] = dirs[i];
	*count = dir_count + *added;
	return all;
}

int fs_write_atomic(const char *path, const void *data, size_t length)
{
	size_t n = strlen(path) + 16;
	char *temp = xmalloc(n);
	snprintf(temp, n, "%s.XXXXXX", path);
	int fd = mkstemp(temp);
	if (fd < 0) {
		free(temp);
		return -1;
	}
	bool ok = fs_write_all(fd, data, length);
	/* the permissions a new file gets, not mkstemp's 0600 */
	mode_t mask = umask(0);
	umask(mask);
	ok = ok && fchmod(fd, 0666 & ~mask) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (ok && rename(temp, path) == 0) {
		free(temp);
		return 0;
	}
	saved = errno ? errno : saved;
	unlink(temp);
	free(temp);
	errno = saved;
	return -1;
}

static bool yaml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && !strcmp(name + n - 5, ".yaml");
}

/* Is path inside root (realpath'd)?  Else error names the link. */
static bool confined(const char *root, const char *path, char *error, size_t error_size)
{
	char resolved[PATH_MAX] = "";
	if (fs_inside(root, path, resolved, sizeof resolved))
		return true;
	snprintf(error, error_size, _("%s: a link to %s, outside the rule directory %s (rule files and folders must be inside it)"),
	         path, resolved[0] ? resolved : "?", root);
	return false;
}

int fs_each_yaml(const char *rule_dir, const char *sub, int (*each)(const char *path, const char *stem, void *arg),
                 void *arg, char *error, size_t error_size)
{
	char root[PATH_MAX], dir[PATH_MAX + 64];
	fs_join(dir, sizeof dir, rule_dir, sub);
	size_t count;
	fs_entry *entries = realpath(rule_dir, root) ? fs_list_dir(dir, &count) : NULL;
	if (!entries)
		return 0; /* no such folder */
	int status = confined(root, dir, error, error_size) ? 0 : -1;
	for (size_t i = 0; i < count && status == 0; i++) {
		if (entries[i].kind != FS_FILE || !yaml_name(entries[i].name))
			continue;
		char path[PATH_MAX + 400], stem[256];
		fs_join(path, sizeof path, dir, entries[i].name);
		snprintf(stem, sizeof stem, "%.*s", (int)(strlen(entries[i].name) - 5), entries[i].name);
		if (entries[i].link && !confined(root, path, error, error_size))
			status = -1;
		else
			status = each(path, stem, arg);
	}
	fs_free_list(entries, count);
	return status;
}
