/*
 * base_interrupt — SIGINT and SIGTERM end a run cleanly: the signal only sets a
 * flag; the run stops between files (and a running rule at its next
 * instruction check), removes its temporary output and exits 128 + signal.
 * A second signal ends it at once.
 */
#ifndef PEVCHECK_BASE_INTERRUPT_H
#define PEVCHECK_BASE_INTERRUPT_H

void interrupt_install(void);
/* A second signal ends the process at once (by that signal), removing
 * `path` first when set: the temporary output.  NULL forgets it. */
void interrupt_remove_on_force(const char *path);
/* The signal that asked the run to stop, or 0. */
int interrupt_signal(void);

#endif
