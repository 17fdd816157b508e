/*
 * parse_floor — the floor pevcheck is measured against: read each file and
 * run libyaml's parser over every event, nothing else (no tree, no Lua, no
 * rules, no output).  A checker cannot be faster than parsing its input.
 *
 *   parse_floor FILE...          files to parse
 *   parse_floor -l LIST          one path per line in LIST ("-" for stdin)
 *   parse_floor DIR              every .yaml/.yml/.json under DIR, recursively
 *
 * Prints one line to stderr: files, bytes, events, parse errors.  Exit
 * status 1 when a file could not be read or parsed.
 *
 *   cc -O2 -o parse_floor parse_floor.c $(pkg-config --cflags --libs yaml-0.1)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned long long files, bytes, events, failures;
static char *buffer;
static size_t buffer_size;

static void parse_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		failures++;
		return;
	}
	/* Read the whole file first, as pevcheck does, then parse from memory. */
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		perror(path);
		fclose(f);
		failures++;
		return;
	}
	size_t size = (size_t)st.st_size;
	if (size + 1 > buffer_size) {
		buffer_size = size + 1;
		free(buffer);
		buffer = malloc(buffer_size);
		if (!buffer) {
			fputs("parse_floor: out of memory\n", stderr);
			exit(2);
		}
	}
	size_t got = fread(buffer, 1, size, f);
	fclose(f);
	if (got != size) {
		fprintf(stderr, "%s: short read\n", path);
		failures++;
		return;
	}
	files++;
	bytes += size;

	yaml_parser_t parser;
	yaml_event_t event;
	if (!yaml_parser_initialize(&parser)) {
		fputs("parse_floor: cannot initialise libyaml\n", stderr);
		exit(2);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buffer, size);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s:%zu: %s\n", path, parser.problem_mark.line + 1,
			        parser.problem ? parser.problem : "parse error");
			failures++;
			break;
		}
		events++;
		yaml_event_type_t type = event.type;
		yaml_event_delete(&event);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
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

static void parse_path(const char *path);

static void parse_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		failures++;
		return;
	}
	char **names = NULL;
	size_t count = 0, capacity = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 256;
			names = realloc(names, capacity * sizeof *names);
			if (!names)
				exit(2);
		}
		if (asprintf(&names[count++], "%s/%s", dir, e->d_name) < 0)
			exit(2);
	}
	closedir(d);
	qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			parse_dir(names[i]);
		else if (data_file_name(names[i]))
			parse_file(names[i]);
		free(names[i]);
	}
	free(names);
}

static void parse_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		parse_dir(path);
	else
		parse_file(path);
}

static void parse_list(const char *list)
{
	FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
	if (!f) {
		perror(list);
		exit(2);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			parse_path(line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: parse_floor FILE|DIR... | parse_floor -l LIST\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l") && i + 1 < argc)
			parse_list(argv[++i]);
		else
			parse_path(argv[i]);
	}
	free(buffer);
	fprintf(stderr, "parse_floor: %llu files, %llu bytes, %llu events, %llu errors\n", files,
	        bytes, events, failures);
	return failures ? 1 : 0;
}
