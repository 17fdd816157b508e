/*
 * interrupt — SIGINT and SIGTERM end a run cleanly: the signal only sets a
 * flag; the run stops between files (and a running rule at its next
 * instruction check), removes its temporary output and exits 128 + signal.
 */
#ifndef PEVCHECK_INTERRUPT_H
#define PEVCHECK_INTERRUPT_H

void interrupt_install(void);
/* The signal that asked the run to stop, or 0. */
int interrupt_signal(void);

#endif
