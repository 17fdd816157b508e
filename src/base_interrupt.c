/*
 * base_interrupt — see base_interrupt.h.  The flag is the one global in pevcheck: a
 * signal handler can reach nothing else.
 */
#include "base_interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t received;
/* The temporary output, removed by a second signal; written only before
 * any signal can arrive for it to matter, read only by the handler. */
static char temporary[4096];

static void on_signal(int signo)
{
	if (!received) {
		received = signo;
		return;
	}
	/* A second signal: the run did not stop soon enough (a rule stuck
	 * in C code, a slow disk), so the user insists.  Leave no half
	 * report, then die by the signal as the caller expects. */
	if (temporary[0])
		unlink(temporary);
	signal(signo, SIG_DFL);
	raise(signo);
}

void interrupt_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void interrupt_remove_on_force(const char *path)
{
	if (!path || strlen(path) >= sizeof temporary) {
		temporary[0] = '\0';
		return;
	}
	memcpy(temporary, path, strlen(path) + 1);
}

int interrupt_signal(void)
{
	return received;
}
