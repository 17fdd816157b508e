/*
 * batch — see batch.h.
 */
#include "batch.h"

#include "interrupt.h"
#include "i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct slot {
	doc_result **docs;
	size_t count, capacity;
	bool done, unreadable;
} slot;

typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	char *const *files;
	size_t count;
	slot *slots;
	size_t next_claim, next_print, window;
	const char *const *rule_dirs;
	size_t dir_count;
	engine *first;
	int crashes;
	bool failed;
	bool stop; /* the printer stopped (interrupted): claim nothing more */
	char error[1024];
} pool;

typedef struct worker {
	pool *pool;
	pthread_t thread;
	slot *current;
} worker;

int batch_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

static void take(void *context, doc_result *r)
{
	slot *s = context;
	if (s->count == s->capacity) {
		size_t n = s->capacity ? s->capacity * 2 : 2;
		doc_result **p = realloc(s->docs, n * sizeof *p);
		if (!p) {
			result_free(r);
			return;
		}
		s->docs = p;
		s->capacity = n;
	}
	s->docs[s->count++] = r;
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *p = w->pool;
	engine e;
	char error[1024];
	if (engine_open(&e, p->rule_dirs, p->dir_count, &p->first->sandbox, &p->first->limits, error,
	                sizeof error) != 0 ||
	    engine_configure(&e, p->first->config, error, sizeof error) != 0) {
		e.rules.profile = false;
		pthread_mutex_lock(&p->lock);
		if (!p->failed)
			snprintf(p->error, sizeof p->error, "%s", error);
		p->failed = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		engine_close(&e);
		return NULL;
	}
	e.rules.profile = p->first->rules.profile;
	e.rules.forced_framework = xstrdup(p->first->rules.forced_framework);
	e.rules.inputs = p->first->rules.inputs;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->failed && !p->stop && p->next_claim < p->count &&
		       p->next_claim >= p->next_print + p->window)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->failed || p->stop || p->next_claim >= p->count || interrupt_signal()) {
			/* Stopping: mark what will never be done as done, so the
			 * printer does not wait for it. */
			for (size_t k = p->next_claim; k < p->count; k++)
				p->slots[k].done = true;
			p->next_claim = p->count;
			pthread_cond_broadcast(&p->changed);
			pthread_mutex_unlock(&p->lock);
			break;
		}
		size_t i = p->next_claim++;
		pthread_mutex_unlock(&p->lock);

		slot *s = &p->slots[i];
		bool unreadable = engine_check_file_owned(&e, p->files[i], take, s) < 0;

		pthread_mutex_lock(&p->lock);
		s->unreadable = unreadable;
		s->done = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_lock(&p->lock);
	p->crashes += e.rules.crashes;
	/* Every worker loaded the same rules in the same order. */
	for (size_t i = 0; i < e.rules.count && i < p->first->rules.count; i++) {
		p->first->rules.rules[i].profile_calls += e.rules.rules[i].profile_calls;
		p->first->rules.rules[i].profile_ns += e.rules.rules[i].profile_ns;
	}
	pthread_mutex_unlock(&p->lock);
	engine_close(&e);
	return NULL;
}

static void hand_over(slot *s, engine_sink sink, void *context, batch_stats *stats)
{
	for (size_t k = 0; k < s->count; k++) {
		sink(context, s->docs[k]);
		result_free(s->docs[k]);
	}
	free(s->docs);
	s->docs = NULL;
	s->count = 0;
	stats->unreadable += s->unreadable;
}

int batch_run(engine *first, const char *const *rule_dirs, size_t dir_count, int jobs,
              char *const *files, size_t count, engine_sink sink, void *context,
              batch_stats *stats, char *error, size_t error_size)
{
	memset(stats, 0, sizeof *stats);
	if (jobs > (int)count)
		jobs = (int)count;
	if (jobs <= 1) {
		int before = first->rules.crashes;
		for (size_t i = 0; i < count && !interrupt_signal(); i++)
			if (engine_check_file(first, files[i], sink, context) < 0)
				stats->unreadable++;
		stats->crashes = first->rules.crashes - before;
		return 0;
	}

	pool p;
	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	p.files = files;
	p.count = count;
	p.slots = calloc(count, sizeof *p.slots);
	p.window = (size_t)jobs * BATCH_WINDOW_PER_JOB;
	p.rule_dirs = rule_dirs;
	p.dir_count = dir_count;
	p.first = first;
	worker *workers = calloc((size_t)jobs, sizeof *workers);
	if (!p.slots || !workers) {
		free(p.slots);
		free(workers);
		snprintf(error, error_size, "%s", _("out of memory"));
		return -1;
	}
	int started = 0;
	for (int i = 0; i < jobs; i++) {
		workers[i].pool = &p;
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) == 0)
			started++;
		else
			break;
	}
	if (started == 0) {
		/* No threads to be had: do the work here rather than fail. */
		free(p.slots);
		free(workers);
		return batch_run(first, rule_dirs, dir_count, 1, files, count, sink, context, stats,
		                 error, error_size);
	}
	for (size_t i = 0; i < count; i++) {
		pthread_mutex_lock(&p.lock);
		while (!p.slots[i].done && !p.failed)
			pthread_cond_wait(&p.changed, &p.lock);
		bool failed = p.failed;
		pthread_mutex_unlock(&p.lock);
		if (failed || interrupt_signal())
			break;
		hand_over(&p.slots[i], sink, context, stats);
		pthread_mutex_lock(&p.lock);
		p.next_print = i + 1;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
	}
	/* Wake workers waiting for the window to move: it never will now. */
	pthread_mutex_lock(&p.lock);
	p.stop = true;
	pthread_cond_broadcast(&p.changed);
	pthread_mutex_unlock(&p.lock);
	for (int i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	stats->crashes = p.crashes;
	int status = 0;
	if (p.failed) {
		snprintf(error, error_size, "%s", p.error);
		status = -1;
	}
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < p.slots[i].count; k++)
			result_free(p.slots[i].docs[k]);
		free(p.slots[i].docs);
	}
	free(p.slots);
	free(workers);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.changed);
	return status;
}
