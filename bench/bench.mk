# bench/bench.mk — `make bench`: pevcheck's benchmark (see bench/README.md).
#
# Included by the main Makefile (`include bench/bench.mk`), or used alone:
#   make -f Makefile -f bench/bench.mk bench
#
#   make bench         10,000 reports, a 50 MB report; a few minutes on 2 cores
#   make bench-quick   1,000 reports, a 5 MB report; well under a minute
#
# Settings are environment variables of bench/run.sh (BENCH_FILES, BENCH_LARGE,
# BENCH_REPEAT, BENCH_DIR, BENCH_KEEP ...).  The corpora are generated in a
# temporary directory on every run and never committed.

.PHONY: bench bench-quick

bench: pevcheck
	@BENCH_NO_BUILD=1 bash bench/run.sh

bench-quick: pevcheck
	@BENCH_NO_BUILD=1 BENCH_FILES=$${BENCH_FILES:-1000} BENCH_LARGE=$${BENCH_LARGE:-5M} bash bench/run.sh

# Forms (.xlsx, .docx, text) against the data files they are read as.
.PHONY: bench-forms
bench-forms: pevcheck
	@bash bench/forms.sh
