# tests/fuzz/fuzz.mk — libFuzzer targets for pevcheck (included by the
# Makefile).
#
#   make fuzz                                  build, then run every target
#                                              FUZZ_SECONDS (default 60) each
#   make fuzz-build                            build only, into build/fuzz/
#   make fuzz-run-fuzz_check FUZZ_SECONDS=600
#   make fuzz-clean
#
# Targets: fuzz_yaml_load (the YAML loader), fuzz_number (printed numbers and
# decimal arithmetic), fuzz_check (a whole check with the bundled rules/),
# fuzz_pattern (the metered string.find/match/gmatch/gsub against Lua's own),
# fuzz_xlsx, fuzz_docx and fuzz_text (forms read by load_grid, the input a
# whole file; their seeds are written by tests/forms/gen_forms.py
# --fuzz-seeds), fuzz_form (a text export read through the bundled layouts
# into the YAML check reads; its seeds are the text forms of tests/forms/
# and fuzz_text's).
#
# Seeds are read from tests/fuzz/corpus/<target>/ and never written; inputs
# the fuzzer finds interesting go to build/fuzz/corpus/<target>/.  Crashes,
# hangs (longer than FUZZ_TIMEOUT seconds), leaks and out-of-memory inputs
# are kept in tests/fuzz/crashers/<target>/ (crash-*, timeout-*, leak-*,
# oom-*); rename them after a look (tests/e2e/hardening.sh replays them all).
# A run goes on after a crash: libFuzzer is started again for the time left.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 25
FUZZ_RSS_MB ?= 4096
FUZZ_RESTARTS ?= 20
# Extra libFuzzer flags for every run, e.g. FUZZ_MODE="-fork=2 -ignore_crashes=1"
# (fork mode goes on after a crash by itself, but restarts the process every
# few seconds: ten to thirty times fewer executions here).
FUZZ_MODE ?=
FUZZ_ARGS ?=
FUZZ_PKG_CONFIG ?= pkg-config
# Where the sources are and where the build goes: point FUZZ_SRC at a copy
# of src/ to fuzz a fixed snapshot while src/ is being edited.
FUZZ_SRC ?= src
FUZZ_OUT ?= build/fuzz

FUZZ_TARGETS := fuzz_yaml_load fuzz_number fuzz_check fuzz_pattern fuzz_xlsx fuzz_docx fuzz_text fuzz_form
FUZZ_VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
FUZZ_PKGS := lua5.4 yaml-0.1 libutf8proc libzip expat libcrypto
# The Makefile's flags, with the fuzzer and sanitizers instead of -O2.
# Recursively expanded: pkg-config is asked after fuzz-deps has run.
FUZZ_CPPFLAGS = -std=c11 -D_GNU_SOURCE -DPEVCHECK_VERSION='"$(FUZZ_VERSION)"' -I$(FUZZ_SRC) \
	$(shell $(FUZZ_PKG_CONFIG) --cflags $(FUZZ_PKGS))
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
FUZZ_LIBS = $(shell $(FUZZ_PKG_CONFIG) --libs $(FUZZ_PKGS)) -lm -lpthread

FUZZ_LIB_SRC = $(filter-out $(FUZZ_SRC)/main.c,$(sort $(wildcard $(FUZZ_SRC)/*.c)))
FUZZ_OBJ = $(FUZZ_LIB_SRC:$(FUZZ_SRC)/%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)

# Dictionaries: YAML syntax for the loader and the whole check, number
# forms for number_parse, OOXML markup for the workbook and document
# readers, encodings and table syntax for the text reader.
FUZZ_DICT_fuzz_yaml_load := tests/fuzz/yaml.dict
FUZZ_DICT_fuzz_check := tests/fuzz/yaml.dict
FUZZ_DICT_fuzz_number := tests/fuzz/number.dict
FUZZ_DICT_fuzz_xlsx := tests/fuzz/ooxml.dict
FUZZ_DICT_fuzz_docx := tests/fuzz/ooxml.dict
FUZZ_DICT_fuzz_text := tests/fuzz/text.dict
FUZZ_DICT_fuzz_form := tests/fuzz/text.dict

# Sanitizer settings for the runs: UBSan findings count as crashes.
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

.PHONY: fuzz fuzz-deps fuzz-build fuzz-clean $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)
	@echo "fuzz: crashers kept in tests/fuzz/crashers/:"
	@find tests/fuzz/crashers -type f ! -name '.*' ! -name '*.md' 2>/dev/null | sort | sed 's/^/  /'

# clang and the libFuzzer runtime, installed with apt-get when missing; then
# the libraries the build needs (scripts/install-deps.sh).
fuzz-deps:
	@rt="$$($(FUZZ_CC) -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-$$(uname -m).a"; \
	if ! command -v $(FUZZ_CC) >/dev/null 2>&1 || [ ! -f "$$rt" ]; then \
		echo "fuzz: clang or its libFuzzer runtime is missing; installing clang and libclang-rt-14-dev with apt-get"; \
		if ! command -v apt-get >/dev/null 2>&1; then \
			echo "fuzz: no apt-get here; install clang with libFuzzer (compiler-rt) yourself" >&2; \
			exit 1; \
		fi; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
			clang libclang-rt-14-dev; \
	fi
	@scripts/install-deps.sh build

fuzz-build: $(FUZZ_BIN)

$(FUZZ_OUT)/obj/%.o: $(FUZZ_SRC)/%.c $(wildcard $(FUZZ_SRC)/*.h) | fuzz-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_TARGETS:%=$(FUZZ_OUT)/%): $(FUZZ_OUT)/%: tests/fuzz/%.c $(FUZZ_OBJ) | fuzz-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $< $(FUZZ_OBJ) $(FUZZ_LIBS) -o $@

# One target for FUZZ_SECONDS.  libFuzzer stops at a crash; the run is then
# started again on the same corpus for the time that is left (at most
# FUZZ_RESTARTS times), so one known bug does not end the campaign.  A crash
# does not stop `make fuzz` either: the list of crashers at the end says
# what was found.
$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: $(FUZZ_OUT)/%
	@mkdir -p $(FUZZ_OUT)/corpus/$* tests/fuzz/crashers/$* tests/fuzz/corpus/$*
	@echo "fuzz: running $* for $(FUZZ_SECONDS) s (new inputs: $(FUZZ_OUT)/corpus/$*, crashers: tests/fuzz/crashers/$*)"
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); restarts=0; \
	while left=$$(( end - $$(date +%s) )); [ $$left -gt 0 ]; do \
		$(FUZZ_ENV) $(FUZZ_OUT)/$* $(FUZZ_OUT)/corpus/$* tests/fuzz/corpus/$* \
			-max_total_time=$$left -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) \
			-artifact_prefix=tests/fuzz/crashers/$*/ -print_final_stats=1 \
			$(if $(wildcard $(FUZZ_DICT_$*)),-dict=$(FUZZ_DICT_$*)) $(FUZZ_MODE) $(FUZZ_ARGS); \
		status=$$?; [ $$status = 0 ] && break; \
		restarts=$$((restarts + 1)); \
		echo "fuzz: $* stopped with status $$status (crasher kept in tests/fuzz/crashers/$*/)"; \
		[ $$restarts -gt $(FUZZ_RESTARTS) ] && { echo "fuzz: $* crashed $$restarts times; giving up"; break; }; \
	done; true

fuzz-clean:
	rm -rf $(FUZZ_OUT)
