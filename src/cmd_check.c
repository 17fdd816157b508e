/*
 * cmd_check — `pevcheck check [options] PATH...`
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "format.h"

static const char usage[] =
	"用法 Usage: pevcheck check [options] PATH...\n"
	"  检查绩效自评报告数据文件；目录则检查其中（含子目录）所有 .yaml/.yml/.json 文件。\n"
	"  -r, --rules DIR      rule directory, repeatable (default: the bundled standard rules)\n"
	"  -f, --format FMT     text (default) | json\n"
	"  -o, --output FILE    write the report there instead of stdout\n"
	"      --fail-on LEVEL  error (default) | warning | info | never\n"
	"  -j, --jobs N         files checked in parallel (default: 1)\n"
	"      --color WHEN     auto (default) | always | never\n";

typedef struct check_run {
	printer out;
	run_summary summary;
	int worst; /* highest severity seen, -1 for none */
} check_run;

static void sink(void *context, const doc_result *r)
{
	check_run *run = context;
	run->summary.documents++;
	run->summary.errors += result_count(r, SEV_ERROR);
	run->summary.warnings += result_count(r, SEV_WARNING);
	run->summary.infos += result_count(r, SEV_INFO);
	int m = result_max_severity(r);
	if (m > run->worst)
		run->worst = m;
	run->out.document(&run->out, r);
}

static bool data_file_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml")) ||
	       (n > 5 && !strcmp(name + n - 5, ".json"));
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct file_list {
	char **items;
	size_t count, capacity;
} file_list;

static void file_list_add(file_list *l, const char *path)
{
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? l->capacity * 2 : 64;
		l->items = realloc(l->items, l->capacity * sizeof *l->items);
		if (!l->items)
			abort();
	}
	l->items[l->count++] = xstrdup(path);
}

/* Every data file under dir, in name order, so output order never depends
 * on the file system. */
static void collect_dir(const char *dir, file_list *out, int depth)
{
	DIR *d = opendir(dir);
	if (!d || depth > 64) {
		if (d)
			closedir(d);
		file_list_add(out, dir); /* reported as unreadable */
		return;
	}
	file_list here = { 0 };
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			char path[4096];
			snprintf(path, sizeof path, "%s%s%s", dir,
			         dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
			file_list_add(&here, path);
		}
	closedir(d);
	qsort(here.items, here.count, sizeof *here.items, compare_names);
	for (size_t i = 0; i < here.count; i++) {
		struct stat st;
		if (stat(here.items[i], &st) == 0 && S_ISDIR(st.st_mode))
			collect_dir(here.items[i], out, depth + 1);
		else if (data_file_name(here.items[i]))
			file_list_add(out, here.items[i]);
		free(here.items[i]);
	}
	free(here.items);
}

static FILE *open_output(const char *path, char **temp)
{
	*temp = NULL;
	if (!path)
		return stdout;
	size_t n = strlen(path) + 16;
	*temp = malloc(n);
	if (!*temp)
		return NULL;
	snprintf(*temp, n, "%s.tmp.XXXXXX", path);
	/* Written beside the target and renamed at the end, so an
	 * interrupted run leaves the old report or none, never half of one. */
	int fd = mkstemp(*temp);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(*temp);
	}
	return f;
}

int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },  { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "fail-on", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },   { "color", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	dir_list rules = { 0 };
	const char *format = "text", *output = NULL, *color = "auto";
	int fail_on = SEV_ERROR;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:f:o:j:h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			dir_list_add(&rules, optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'F':
			fail_on = severity_parse(optarg);
			if (fail_on < 0) {
				fprintf(stderr, "pevcheck: --fail-on 的值“%s”无效：应为 error、warning、info 或 never\n",
				        optarg);
				dir_list_free(&rules);
				return EXIT_TROUBLE;
			}
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, "pevcheck: -j 的值“%s”无效：应为 1 到 256 的整数\n", optarg);
				dir_list_free(&rules);
				return EXIT_TROUBLE;
			}
			break;
		}
		case 'C':
			color = optarg;
			if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
				fprintf(stderr, "pevcheck: --color 的值应为 auto、always 或 never\n");
				dir_list_free(&rules);
				return EXIT_TROUBLE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			dir_list_free(&rules);
			return EXIT_CLEAN;
		default:
			fputs(usage, stderr);
			dir_list_free(&rules);
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		fputs("pevcheck: 没有给出要检查的文件\n", stderr);
		fputs(usage, stderr);
		dir_list_free(&rules);
		return EXIT_TROUBLE;
	}
	format_options fo = { .fail_on = (enum severity)fail_on, .version = PEVCHECK_VERSION };
	printer probe;
	if (!format_printer(format, &fo, &probe)) {
		fprintf(stderr, "pevcheck: 未知的输出格式“%s”（可用：%s）\n", format, format_names());
		dir_list_free(&rules);
		return EXIT_TROUBLE;
	}
	if (rules.count == 0)
		dir_list_add(&rules, cli_bundled_rules());

	engine e;
	char error[2048];
	if (engine_open(&e, rules.items, rules.count, NULL, NULL, error, sizeof error) != 0) {
		fprintf(stderr, "pevcheck: 规则载入失败：%s\n", error);
		engine_close(&e);
		dir_list_free(&rules);
		return EXIT_TROUBLE;
	}

	file_list files = { 0 };
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			collect_dir(argv[i], &files, 0);
		else
			file_list_add(&files, argv[i]);
	}

	char *temp;
	FILE *out = open_output(output, &temp);
	if (!out) {
		fprintf(stderr, "pevcheck: 无法写入 %s：%s\n", output, strerror(errno));
		free(temp);
		engine_close(&e);
		dir_list_free(&rules);
		for (size_t i = 0; i < files.count; i++)
			free(files.items[i]);
		free(files.items);
		return EXIT_TROUBLE;
	}
	fo.out = out;
	fo.rules = &e.rules;
	char checked_at[32];
	time_t now = time(NULL);
	strftime(checked_at, sizeof checked_at, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	fo.checked_at = checked_at;
	fo.color = !strcmp(color, "always") ||
	           (!strcmp(color, "auto") && !output && isatty(fileno(stdout)) && !getenv("NO_COLOR"));
	check_run run = { .worst = -1 };
	format_printer(format, &fo, &run.out);
	run.out.begin(&run.out);
	bool trouble = false;
	for (size_t i = 0; i < files.count; i++) {
		run.summary.files++;
		if (engine_check_file(&e, files.items[i], sink, &run) < 0)
			trouble = true;
		free(files.items[i]);
	}
	free(files.items);
	run.out.end(&run.out, &run.summary);
	if (e.rules.crashes)
		trouble = true;

	int status = fflush(out) != 0 || ferror(out);
	if (output) {
		status |= fclose(out) != 0;
		if (status || rename(temp, output) != 0) {
			fprintf(stderr, "pevcheck: 无法写入 %s：%s\n", output, strerror(errno));
			unlink(temp);
			trouble = true;
		}
	}
	free(temp);
	engine_close(&e);
	dir_list_free(&rules);
	if (status && !output) {
		fprintf(stderr, "pevcheck: 写出结果失败：%s\n", strerror(errno));
		return EXIT_TROUBLE;
	}
	if (trouble)
		return EXIT_TROUBLE;
	return run.worst >= fail_on && fail_on != SEV_NONE ? EXIT_FINDINGS : EXIT_CLEAN;
}
