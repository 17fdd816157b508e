# pevcheck — build, test and install.
#
#   make            build ./pevcheck (installs missing Debian packages first)
#   make demo       check the bundled example report
#   make test       every test, plain and under ASan+UBSan; ends "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (not part of make test)
#   make bench      benchmarks against the parser floor and a Python peer
#   make po-update  regenerate po/pevcheck.pot from src/ and merge it into po/zh_CN.po
#
# User CFLAGS are kept; the project's flags are added to them.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/pevcheck
MANDIR ?= $(PREFIX)/share/man/man1
LOCALEDIR ?= $(PREFIX)/share/locale
PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := lua5.4 yaml-0.1 libutf8proc libzip expat libcrypto
# Recursively expanded on purpose: evaluated after `deps` has installed
# what pkg-config needs to answer.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

PEV_CPPFLAGS = -std=c11 -D_GNU_SOURCE -DPEVCHECK_VERSION='"$(VERSION)"' \
	-DPEVCHECK_LOCALE_DIR='"$(LOCALEDIR)"' -Isrc
WARNINGS = -Wall -Wextra -Wshadow
TEST_WARNINGS = $(WARNINGS) -Werror
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC := $(sort $(wildcard src/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))

# The engine's messages: English msgids in src/, Chinese in po/zh_CN.po.
POTFILES := $(sort $(wildcard src/*.c src/*.h))
LINGUAS := zh_CN
MO := $(LINGUAS:%=build/locale/%/LC_MESSAGES/pevcheck.mo)
XGETTEXT_FLAGS = --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--add-comments=TRANSLATORS: --package-name=pevcheck --package-version=$(VERSION) \
	--msgid-bugs-address= --foreign-user

.PHONY: all deps deps-test demo test test-plain test-asan install uninstall check-install clean po-update

all: pevcheck $(MO)

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

# --- translations -------------------------------------------------------------

build/locale/%/LC_MESSAGES/pevcheck.mo: po/%.po | deps
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# After changing messages in src/: regenerate the template and merge it into
# every translation; then translate the new (empty) and fuzzy entries.
po-update: | deps
	xgettext $(XGETTEXT_FLAGS) -o po/pevcheck.pot $(POTFILES)
	for lang in $(LINGUAS); do \
		msgmerge --quiet --update --backup=none po/$$lang.po po/pevcheck.pot || exit 1; \
		msgfmt --statistics -o /dev/null po/$$lang.po; \
	done

demo: pevcheck $(MO)
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

# A test tool, never installed: what load_grid reads from a file, printed.
build/$(1)/grid_dump: tests/forms/grid_dump.c $(LIB_SRC:src/%.c=build/$(1)/%.o) | deps-test
	$$(CC) $$(PEV_CPPFLAGS) $$(TEST_WARNINGS) -O1 -g $(2) $$(PKG_CFLAGS) $$< \
		$(LIB_SRC:src/%.c=build/$(1)/%.o) $$(PKG_LIBS) -lm -lpthread -o $$@

$(1)-programs: build/$(1)/pevcheck build/$(1)/grid_dump $(UNIT_TESTS:tests/unit/%.c=build/$(1)/unit/%)
endef

$(eval $(call variant,plain,))
$(eval $(call variant,asan,$(SANITIZE)))

.PHONY: plain-programs asan-programs

test: deps-test plain-programs asan-programs $(MO)
	@tests/run-all.sh build/plain build/asan valgrind:build/plain browser:build/plain

test-plain: deps-test plain-programs $(MO)
	@tests/run-all.sh build/plain

test-asan: deps-test asan-programs $(MO)
	@tests/run-all.sh build/asan

# --- install ----------------------------------------------------------------

# INSTALL_BINARY: which build to install (the e2e tests install the one
# they test).
INSTALL_BINARY ?= pevcheck

install: $(INSTALL_BINARY) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(INSTALL_BINARY) $(DESTDIR)$(BINDIR)/pevcheck
	for lang in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES && \
		install -m 644 build/locale/$$lang/LC_MESSAGES/pevcheck.mo \
			$(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/pevcheck.mo || exit 1; \
	done
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
	for lang in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/pevcheck.mo; done
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
	test -f build/stage/usr/share/locale/zh_CN/LC_MESSAGES/pevcheck.mo
	cd / && LANG=zh_CN.UTF-8 $(CURDIR)/build/stage/usr/bin/pevcheck --help | grep -q '用法'

clean:
	rm -rf build pevcheck

# --- benchmarks and fuzzing: separate targets, never part of `make test` ------

include bench/bench.mk
include tests/fuzz/fuzz.mk
