# pevcheck — build, test and install.
#
#   make            build ./pevcheck (installs missing Debian packages first)
#   make demo       check the bundled example report
#   make test       every test, plain and under ASan+UBSan; ends "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (not part of make test)
#   make bench      benchmarks against the parser floor and a Python peer
#
# User CFLAGS are kept; the project's flags are added to them.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/pevcheck
MANDIR ?= $(PREFIX)/share/man/man1
PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := lua5.4 yaml-0.1 libutf8proc
# Recursively expanded on purpose: evaluated after `deps` has installed
# what pkg-config needs to answer.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

PEV_CPPFLAGS = -std=c11 -D_GNU_SOURCE -DPEVCHECK_VERSION='"$(VERSION)"' -Isrc
WARNINGS = -Wall -Wextra -Wshadow
TEST_WARNINGS = $(WARNINGS) -Werror
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC := $(sort $(wildcard src/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-test demo test test-plain test-asan install uninstall check-install clean

all: pevcheck

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# --- the binary -------------------------------------------------------------

build/release/%.o: src/%.c $(wildcard src/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(PEV_CPPFLAGS) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

pevcheck: $(SRC:src/%.c=build/release/%.o)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(PKG_LIBS) -lm -lpthread -o $@

demo: pevcheck
	./pevcheck check -r rules -r examples/rules examples/huangpu-2022.yaml; \
	status=$$?; [ $$status -le 1 ] || exit $$status

# --- tests: built with -Werror, once plain and once under ASan+UBSan ---------

# $(1): variant name, $(2): extra flags
define variant
build/$(1)/%.o: src/%.c $(wildcard src/*.h) | deps-test
	@mkdir -p $$(@D)
	$$(CC) $$(PEV_CPPFLAGS) $$(TEST_WARNINGS) -O1 -g $(2) $$(PKG_CFLAGS) -c $$< -o $$@

build/$(1)/pevcheck: $(SRC:src/%.c=build/$(1)/%.o)
	$$(CC) -g $(2) $$^ $$(PKG_LIBS) -lm -lpthread -o $$@

build/$(1)/unit/%: tests/unit/%.c $(LIB_SRC:src/%.c=build/$(1)/%.o) | deps-test
	@mkdir -p $$(@D)
	$$(CC) $$(PEV_CPPFLAGS) $$(TEST_WARNINGS) -O1 -g $(2) $$(PKG_CFLAGS) $$< \
		$(LIB_SRC:src/%.c=build/$(1)/%.o) $$(PKG_LIBS) $$(CMOCKA_LIBS) -lm -lpthread -o $$@

$(1)-programs: build/$(1)/pevcheck $(UNIT_TESTS:tests/unit/%.c=build/$(1)/unit/%)
endef

$(eval $(call variant,plain,))
$(eval $(call variant,asan,$(SANITIZE)))

.PHONY: plain-programs asan-programs

test: deps-test plain-programs asan-programs
	@tests/run-all.sh build/plain build/asan valgrind:build/plain browser:build/plain

test-plain: deps-test plain-programs
	@tests/run-all.sh build/plain

test-asan: deps-test asan-programs
	@tests/run-all.sh build/asan

# --- install ----------------------------------------------------------------

# INSTALL_BINARY: which build to install (the e2e tests install the one
# they test).
INSTALL_BINARY ?= pevcheck

install: $(INSTALL_BINARY)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(INSTALL_BINARY) $(DESTDIR)$(BINDIR)/pevcheck
	rm -rf $(DESTDIR)$(DATADIR)/rules
	cp -R rules $(DESTDIR)$(DATADIR)/rules
	rm -rf $(DESTDIR)$(DATADIR)/examples
	cp -R examples $(DESTDIR)$(DATADIR)/examples
	install -m 644 docs/pevcheck.1 $(DESTDIR)$(MANDIR)/pevcheck.1
	# The rule authoring kit: LuaLS definitions and the luacheck globals
	install -d $(DESTDIR)$(DATADIR)/lua
	install -m 644 docs/lua/pevcheck-api.lua $(DESTDIR)$(DATADIR)/lua/pevcheck-api.lua
	install -m 644 .luacheckrc $(DESTDIR)$(DATADIR)/luacheckrc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pevcheck $(DESTDIR)$(MANDIR)/pevcheck.1
	rm -rf $(DESTDIR)$(DATADIR)

# Install into a staging folder and check that the installed binary finds
# its rules without flags.
check-install: pevcheck
	rm -rf build/stage
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/build/stage PREFIX=/usr
	cd / && $(CURDIR)/build/stage/usr/bin/pevcheck rules >/dev/null
	test -f build/stage/usr/share/man/man1/pevcheck.1
	test -f build/stage/usr/share/pevcheck/lua/pevcheck-api.lua
	test -f build/stage/usr/share/pevcheck/luacheckrc

clean:
	rm -rf build pevcheck

# --- benchmarks and fuzzing: separate targets, never part of `make test` ------

include bench/bench.mk
include tests/fuzz/fuzz.mk
