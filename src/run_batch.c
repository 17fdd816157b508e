/*
 * run_batch — see run_batch.h.
 */
#include "run_batch.h"

#include "base_alloc.h"
#include "base_interrupt.h"
#include "base_i18n.h"

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

/*
 * Every thread, the caller's too, checks files and prints: whoever finds
 * the next file to print done takes the printing turn and prints all the
 * done files in order.  So no thread is woken for each file (on this
 * machine a context switch costs more than printing a report), and the
 * only waits are for a full window.
 */
typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t room; /* the window moved, or the run is stopping */
	const file_list *files;
	size_t count;
	slot *slots;
	size_t next_claim, next_print, window;
	int waiting;   /* threads waiting for room */
	bool printing; /* a thread has the printing turn */
	engine_sink sink;
	void *context;
	batch_stats *stats;
	engine *first;
	int crashes;
	bool failed;
	bool stop; /* interrupted or failed: claim and print nothing more */
	char error[1024];
} pool;

typedef struct worker {
	pool *pool;
	pthread_t thread;
} worker;

int batch_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

static void take(void *context, doc_result *r)
{
	slot *s = context;
	ARRAY_GROW(s->docs, s->count, s->capacity);
	s->docs[s->count++] = r;
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

/* With the lock held: print every done file from next_print on, unless
 * another thread has the turn (it will see them: it checks under the
 * lock before giving the turn up). */
static void print_ready(pool *p)
{
	if (p->printing)
		return;
	p->printing = true;
	while (!p->stop && p->next_print < p->count && p->slots[p->next_print].done) {
		slot *s = &p->slots[p->next_print];
		pthread_mutex_unlock(&p->lock);
		hand_over(s, p->sink, p->context, p->stats);
		bool interrupted = interrupt_signal();
		pthread_mutex_lock(&p->lock);
		p->next_print++;
		if (interrupted)
			p->stop = true;
		if (p->waiting)
			pthread_cond_broadcast(&p->room);
	}
	p->printing = false;
}

/* Check and print until there is nothing left to claim. */
static void work_on(pool *p, engine *e)
{
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next_claim < p->count && p->next_claim >= p->next_print + p->window) {
			p->waiting++;
			pthread_cond_wait(&p->room, &p->lock);
			p->waiting--;
		}
		if (p->stop || p->next_claim >= p->count || interrupt_signal()) {
			if (!p->stop && p->next_claim < p->count)
				p->stop = true; /* interrupted */
			pthread_cond_broadcast(&p->room);
			break;
		}
		size_t i = p->next_claim++;
		pthread_mutex_unlock(&p->lock);

		slot *s = &p->slots[i];
		char path[4096];
		file_list_path(p->files, i, path, sizeof path);
		bool unreadable = engine_check_file_owned(e, path, take, s) < 0;

		pthread_mutex_lock(&p->lock);
		s->unreadable = unreadable;
		s->done = true;
		print_ready(p);
	}
	pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *p = w->pool;
	engine e;
	char error[1024];
	if (engine_open(&e, p->first->options, error, sizeof error) != 0) {
		pthread_mutex_lock(&p->lock);
		if (!p->failed)
			snprintf(p->error, sizeof p->error, "%s", error);
		p->failed = p->stop = true;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->lock);
		engine_close(&e);
		return NULL;
	}
	work_on(p, &e);
	pthread_mutex_lock(&p->lock);
	p->crashes += ruleset_crashes(e.rules);
	/* Every worker loaded the same rules in the same order. */
	ruleset_add_profile(p->first->rules, e.rules);
	pthread_mutex_unlock(&p->lock);
	engine_close(&e);
	return NULL;
}

int batch_run(engine *first, int jobs, const file_list *files, engine_sink sink, void *context,
              batch_stats *stats, char *error, size_t error_size)
{
	size_t count = files->count;
	memset(stats, 0, sizeof *stats);
	if (jobs > (int)count)
		jobs = (int)count;
	int before = ruleset_crashes(first->rules);
	if (jobs <= 1) {
		for (size_t i = 0; i < count && !interrupt_signal(); i++) {
			char path[4096];
			if (engine_check_file(first, file_list_path(files, i, path, sizeof path), sink, context) < 0)
				stats->unreadable++;
		}
		stats->crashes = ruleset_crashes(first->rules) - before;
		return 0;
	}

	pool p;
	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.room, NULL);
	p.files = files;
	p.count = count;
	p.slots = xcalloc(count, sizeof *p.slots);
	p.window = (size_t)jobs * BATCH_WINDOW_PER_JOB;
	p.sink = sink;
	p.context = context;
	p.stats = stats;
	p.first = first;
	/* jobs - 1 threads: the caller, with the engine it has open, is one
	 * of the workers. */
	worker *workers = xcalloc((size_t)jobs, sizeof *workers);
	int started = 0;
	for (int i = 0; i < jobs - 1; i++) {
		workers[i].pool = &p;
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) == 0)
			started++;
		else
			break;
	}
	work_on(&p, first);
	for (int i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	stats->crashes = p.crashes + ruleset_crashes(first->rules) - before;
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
	pthread_cond_destroy(&p.room);
	return status;
}
