# aresolv: an LD_PRELOAD resolver answered by c-ares.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
PIC     := -fPIC -fvisibility=hidden -ftls-model=initial-exec
B       ?= build
VERSION := 0.2

# c-ares is linked statically and hidden (Node and others carry their own).
# Where it comes from, first that applies:
#   CARES_SRC=dir-or-tarball  a c-ares source tree or .tar.gz, built here
#                             with cmake (static, PIC) under $(B)/c-ares/
#   CARES_A=path/libcares.a   a static library (headers: CARES_CFLAGS)
#   pkg-config libcares       the system's (its libdir's libcares.a)
#   Debian's libc-ares-dev    /usr/lib/<multiarch>/libcares.a
CARES_SRC ?=
ifneq ($(CARES_SRC),)
CARES_DIR    := $(B)/c-ares
CARES_A      := $(CARES_DIR)/lib/libcares.a
CARES_CFLAGS := -I$(CARES_DIR)/include
CARES_DEP    := $(CARES_A)
else
CARES_PC_LIBDIR := $(shell pkg-config --variable=libdir libcares 2>/dev/null)
CARES_A ?= $(firstword $(wildcard $(addsuffix /libcares.a,$(CARES_PC_LIBDIR) \
             /usr/lib/$(shell $(CC) -print-multiarch) /usr/lib /usr/local/lib)))
CARES_CFLAGS ?= $(shell pkg-config --cflags libcares 2>/dev/null)
CARES_DEP    :=
endif

SRC  := $(wildcard src/*.c)
SHIM := $(wildcard shim/*.c)
CORE_OBJ := $(SRC:src/%.c=$(B)/obj/src/%.o)
SHIM_OBJ := $(SHIM:shim/%.c=$(B)/obj/shim/%.o)
UNIT := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/*.c))

.PHONY: all check check-second test unit helpers deps demo bench clean check-asan check-valgrind
all: $(B)/libaresolv.so $(B)/aresolv-query

# Each object depends on the headers it includes (-MMD: build/.../*.d);
# src/aresolv.h is what shim/ sees, src/core.h src/'s shared layer,
# src/dns.h and src/files.h its two lower ones.
DEPFLAGS = -MMD -MP
$(B)/obj/%.o: %.c | $(CARES_DEP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(CFLAGS) $(DEPFLAGS) $(CARES_CFLAGS) -DARESOLV_VERSION='"$(VERSION)"' $(PIC) -c -o $@ $<

# c-ares from source (CARES_SRC): no network, about a minute on two cores.
$(B)/c-ares/lib/libcares.a:
	@dev/build-cares "$(CARES_SRC)" $(B)/c-ares

# The c-ares releases make check runs the suite against: a build against
# one older than the first, or of a series after the last's (1.35 on),
# says so, as the trace does (src/version.c's ar_cares_tested).
CARES_TESTED := 1.18.1 1.19.1 1.27.0 1.34.8 1.34.9
CARES_UNTESTED_FROM := 1.35.0

$(B)/libaresolv.so: $(CORE_OBJ) $(SHIM_OBJ) shim/exports.map
	@test -n "$(CARES_A)" || { echo "libcares.a not found: run dev/deps (Debian: libc-ares-dev)"; exit 1; }
	@v=$$(printf '#include <ares_version.h>\nARES_VERSION_STR\n' | $(CC) $(CARES_CFLAGS) -E -P - | tr -d '" ' | tail -n 1); \
	 lo=$(firstword $(CARES_TESTED)) hi=$(lastword $(CARES_TESTED)) no=$(CARES_UNTESTED_FROM); \
	 if [ "$$(printf '%s\n' $$lo $$v $$no | sort -V | tr '\n' ' ')" != "$$lo $$v $$no " ] || [ "$$v" = "$$no" ]; then \
	   echo "Makefile: warning: c-ares $$v is outside the releases aresolv is tested with ($$lo to $$hi, and the 1.34 series): see README.md, Platforms" >&2; fi
	@echo "  LD      $@"
	@$(CC) -shared -o $@ $(CORE_OBJ) $(SHIM_OBJ) $(CARES_A) \
	  -Wl,--exclude-libs,ALL -Wl,--version-script=shim/exports.map \
	  -Wl,-z,now -Wl,-z,relro -Wl,-z,nodelete -Wl,--no-undefined -ldl -lpthread

$(B)/aresolv-query: scripts/aresolv-query.c src/qfmt.c src/qfmt.h Makefile
	@mkdir -p $(B)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -DARESOLV_VERSION='"$(VERSION)"' -o $@ scripts/aresolv-query.c src/qfmt.c

$(B)/aresolv-bench: dev/aresolv-bench.c
	@mkdir -p $(B)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -pthread -o $@ $<

$(B)/tests/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) $(CARES_CFLAGS) -Isrc -o $@ $< $(CORE_OBJ) $(CARES_A) -lpthread

unit: $(UNIT)

# The tests' C helpers (tests/*.c), built with the project's warnings into
# $(B)/tests/bin: programs, and the preloadable objects sendfail.so,
# restrace.so and life_dl.so (tests/life.c as a plugin).
HELPER_SO := sendfail restrace
HELPERS := $(patsubst tests/%.c,$(B)/tests/bin/%,$(filter-out $(HELPER_SO:%=tests/%.c),$(wildcard tests/*.c))) \
	$(HELPER_SO:%=$(B)/tests/bin/%.so) $(B)/tests/bin/life_dl.so
$(B)/tests/bin/free_across: HELPER_OPT := -O0   # its frees stay as written
$(B)/tests/bin/%: tests/%.c src/qfmt.c src/qfmt.h
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) $(HELPER_OPT) -pthread -o $@ $< src/qfmt.c -ldl -lanl -lresolv
$(B)/tests/bin/%.so: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -shared -fPIC -o $@ $< -ldl
$(B)/tests/bin/life_dl.so: tests/life.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -shared -fPIC -DLIFE_DL -o $@ $<
helpers: $(HELPERS)

-include $(CORE_OBJ:.o=.d) $(SHIM_OBJ:.o=.d) \
	$(CORE_OBJ:$(B)/obj/%.o=$(B)/asan/obj/%.d) $(SHIM_OBJ:$(B)/obj/%.o=$(B)/asan/obj/%.d)

# The library again with AddressSanitizer and UndefinedBehaviorSanitizer,
# for make check-asan.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_OBJ := $(CORE_OBJ:$(B)/obj/%=$(B)/asan/obj/%) $(SHIM_OBJ:$(B)/obj/%=$(B)/asan/obj/%)

$(B)/asan/obj/%.o: %.c | $(CARES_DEP)
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(WARN) -O1 -g $(SAN) $(DEPFLAGS) $(CARES_CFLAGS) -DARESOLV_VERSION='"$(VERSION)"' $(PIC) -c -o $@ $<

$(B)/asan/libaresolv.so: $(ASAN_OBJ) shim/exports.map
	@echo "  LD/SAN  $@"
	@$(CC) -shared $(SAN) -o $@ $(ASAN_OBJ) $(CARES_A) \
	  -Wl,--exclude-libs,ALL -Wl,--version-script=shim/exports.map \
	  -Wl,-z,now -Wl,-z,relro -Wl,-z,nodelete -Wl,--no-undefined -ldl -lpthread

deps:
	@dev/deps

# Every test (make check), in legs that run side by side, CHECK_LEGS at
# a time, with CHECK_PROVE_JOBS tests at once in each (most of a leg's
# time is spent waiting on timeouts), each
# leg's output printed whole when it ends, then a line a leg:
#   system      the suite against the system's c-ares (Debian 12's
#               libc-ares-dev: 1.18.1), then under ASan+UBSan, then under
#               valgrind (three legs: system, system-asan, system-valgrind)
#   fuzz        the fuzz regression inputs, then each harness for
#               CHECK_FUZZ_SECONDS
#   cares-V     the suite and the fuzz regression inputs against each
#               c-ares in ../shared/c-ares/ (CARES_TARBALLS: 1.19.1,
#               1.27.0, 1.34.8), built from source in build/c-ares-V; the
#               newest (CARES_SECOND) under ASan+UBSan too, with the
#               system build's library beside it for tests/30-diff.t's
#               table of what changes between the two
#   root-SUITE  the README's two commands (make demo, make test) in a bare
#               Debian root of each of CHECK_ROOTS (trixie: Debian 13,
#               glibc 2.41, its own libc-ares-dev), made by debootstrap
#               and kept in /var/cache/aresolv/roots (dev/check-root)
# Packages first, in a make of their own, so the build sees what they
# installed; the system build before the legs, which share it.
CHECK_FUZZ_SECONDS ?= 30
CHECK_LEGS ?= 3
CHECK_PROVE_JOBS ?= 3
CHECK_ROOTS ?= trixie
CARES_TARBALLS ?= $(sort $(wildcard ../shared/c-ares/c-ares-*.tar.gz))
CARES_SECOND ?= $(lastword $(CARES_TARBALLS))
cares_b = build/$(basename $(basename $(notdir $(1))))
cares_v = $(patsubst c-ares-%,%,$(notdir $(call cares_b,$(1))))
SECOND_B = $(call cares_b,$(CARES_SECOND))
LEGS := system-valgrind $(CHECK_ROOTS:%=root-%) system-asan system fuzz \
        $(foreach t,$(CARES_TARBALLS),cares-$(call cares_v,$(t)))
check: deps
	$(MAKE) all unit $(B)/aresolv-bench
	@rm -rf $(B)/legs && mkdir -p $(B)/legs
	@$(if $(CARES_TARBALLS),,echo "make check: no c-ares tarball in ../shared/c-ares/: only the system's c-ares is tested" >&2)
	@$(MAKE) -k -j$(CHECK_LEGS) --output-sync=recurse PROVE_JOBS=$(CHECK_PROVE_JOBS) $(LEGS:%=leg-%); \
	  st=$$?; cat $(B)/legs/*.result; exit $$st

# leg-NAME: the leg's commands, its result line in build/legs/NAME.result
leg = s=$$(date +%s); r=PASS; { $(2); } || r=FAIL; \
  echo "leg $(1): $$r in $$(( $$(date +%s) - s )) s" | tee $(B)/legs/$(1).result; [ $$r = PASS ]
leg-system:
	@$(call leg,system,$(MAKE) test)
leg-system-asan:
	@$(call leg,system-asan,$(MAKE) check-asan)
leg-system-valgrind:
	@$(call leg,system-valgrind,$(MAKE) check-valgrind)
leg-fuzz:
	@$(call leg,fuzz,$(MAKE) fuzz-regress && $(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS))
leg-root-%:
	@if [ "$$(id -u)" = 0 ]; then $(call leg,root-$*,dev/check-root $* demo test); \
	 else echo "leg root-$*: SKIP (needs root: debootstrap, chroot)" | tee $(B)/legs/root-$*.result; fi
$(foreach t,$(CARES_TARBALLS),$(eval leg-cares-$(call cares_v,$(t)): ; \
	@$$(call leg,cares-$(call cares_v,$(t)),$$(MAKE) B=$(call cares_b,$(t)) CARES_SRC=$(t) \
	  $(if $(filter $(t),$(CARES_SECOND)),ARESOLV_TEST_OTHER_LIB=$(abspath $(B)/libaresolv.so)) \
	  test fuzz-regress $(if $(filter $(t),$(CARES_SECOND)),&& $$(MAKE) B=$(call cares_b,$(t)) CARES_SRC=$(t) check-asan))))

# The suite, the fuzz regression inputs, ASan and valgrind against the
# second c-ares alone (make check-second CARES_SECOND=path); the first
# build's library is there too, for tests/30-diff.t's table of what
# changes between the two versions.
check-second: deps
	$(MAKE) all
	ARESOLV_TEST_OTHER_LIB=$(abspath $(B)/libaresolv.so) \
	  $(MAKE) B=$(SECOND_B) CARES_SRC=$(CARES_SECOND) test fuzz-regress
	$(MAKE) B=$(SECOND_B) CARES_SRC=$(CARES_SECOND) check-asan
	$(MAKE) B=$(SECOND_B) CARES_SRC=$(CARES_SECOND) check-valgrind

# The suite alone (a few minutes): what to run while working.  Each test
# runs in a network namespace of its own with its own DNS servers, so
# PROVE_JOBS of them run at once: most of a test's time is spent waiting
# on timeouts of its fault-injecting servers, not on the CPU.
PROVE_JOBS ?= 6
export PROVE_JOBS
test: all unit helpers $(B)/aresolv-bench
	@ARESOLV_LIB=$(B)/libaresolv.so scripts/aresolv --version
	ARESOLV_BUILD=$(abspath $(B)) prove -f -j$(PROVE_JOBS) $(UNIT) tests/*.t

# The whole suite with the library built under ASan+UBSan, then with every
# preloaded command under valgrind memcheck; either fails on any error or
# leak report that points into aresolv (dev/check-sanitized).
check-asan: deps
	$(MAKE) all unit helpers $(B)/asan/libaresolv.so
	ARESOLV_BUILD=$(abspath $(B)) dev/check-sanitized asan

check-valgrind: deps
	$(MAKE) all unit helpers
	ARESOLV_BUILD=$(abspath $(B)) dev/check-sanitized valgrind

# The main job, shown: a real program preloaded, every lookup traced.
demo: deps
	$(MAKE) all
	dev/aresolv-demo

# glibc and aresolv measured side by side (not a test): table on stdout
# and build/bench.json.
bench: deps
	$(MAKE) all $(B)/aresolv-bench
	dev/bench

clean:
	rm -rf $(B)

# make install / make uninstall: PREFIX (default /usr/local), DESTDIR and
# the usual directory variables.  The library goes to a private directory,
# off the loader's path, where the installed launcher finds it (make
# install writes its place, relative to bindir, into that copy);
# aresolv diff's helpers and corpus to private ones too.  make uninstall
# removes the same list of files, and the private directories.
PREFIX        ?= /usr/local
prefix        ?= $(PREFIX)
exec_prefix   ?= $(prefix)
bindir        ?= $(exec_prefix)/bin
MULTIARCH     ?= $(shell $(CC) -print-multiarch 2>/dev/null)
libdir        ?= $(exec_prefix)/lib$(if $(MULTIARCH),/$(MULTIARCH))
libexecdir    ?= $(exec_prefix)/libexec
datarootdir   ?= $(prefix)/share
datadir       ?= $(datarootdir)
mandir        ?= $(datarootdir)/man
pkglibdir     := $(libdir)/aresolv
pkglibexecdir := $(libexecdir)/aresolv
pkgdatadir    := $(datadir)/aresolv
MANPAGES      := $(wildcard scripts/man/*.[1-8])
INSTALLED := $(bindir)/aresolv $(bindir)/aresolv-query $(pkglibdir)/libaresolv.so \
	$(pkglibexecdir)/aresolv-diff $(pkglibexecdir)/aresolv-diff-table \
	$(pkglibexecdir)/aresolv-diff.corpus $(pkgdatadir)/aresolv-diff.corpus \
	$(foreach m,$(MANPAGES),$(mandir)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
relpath = $(shell realpath -m --relative-to=$(1) $(2))

.PHONY: install install-files uninstall man deb
# The man pages with VERSION, their date and the installed paths filled in.
man: $(MANPAGES)
	@mkdir -p $(B)/man
	@for m in $(MANPAGES); do \
	  d=$$(git log -1 --format=%cs -- "$$m" 2>/dev/null); [ -n "$$d" ] || d=$$(date -r "$$m" +%F); \
	  sed -e 's|@VERSION@|$(VERSION)|g' -e "s|@DATE@|$$d|g" \
	      -e 's|@PKGLIBDIR@|$(pkglibdir)|g' -e 's|@BINDIR@|$(bindir)|g' \
	      -e 's|@PKGLIBEXECDIR@|$(pkglibexecdir)|g' -e 's|@PKGDATADIR@|$(pkgdatadir)|g' \
	      "$$m" > $(B)/man/$${m##*/}; \
	done

install: all
	@$(MAKE) --no-print-directory install-files

# The same, from what is built, building nothing (make deb's staging).
install-files: man
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(pkglibdir) $(DESTDIR)$(pkglibexecdir) \
	  $(DESTDIR)$(pkgdatadir) $(sort $(foreach m,$(MANPAGES),$(DESTDIR)$(mandir)/man$(subst .,,$(suffix $(m)))))
	sed -e 's|^inst_lib=$$|inst_lib=$(call relpath,$(bindir),$(pkglibdir))/libaresolv.so|' \
	    -e 's|^inst_lib_abs=$$|inst_lib_abs=$(pkglibdir)/libaresolv.so|' \
	    -e 's|^inst_libexec=$$|inst_libexec=$(call relpath,$(bindir),$(pkglibexecdir))|' \
	    -e 's|^inst_libexec_abs=$$|inst_libexec_abs=$(pkglibexecdir)|' \
	    scripts/aresolv > $(B)/aresolv.installed
	@test "$$(grep -c '^inst_[a-z_]*=/*[^/]' $(B)/aresolv.installed)" = 4 || \
	  { echo "install: scripts/aresolv has no inst_* lines to fill in" >&2; exit 1; }
	install -m 755 $(B)/aresolv.installed $(DESTDIR)$(bindir)/aresolv
	install -m 755 $(B)/aresolv-query $(DESTDIR)$(bindir)/aresolv-query
	install -m 644 $(B)/libaresolv.so $(DESTDIR)$(pkglibdir)/libaresolv.so
	install -m 755 scripts/aresolv-diff scripts/aresolv-diff-table $(DESTDIR)$(pkglibexecdir)/
	install -m 644 scripts/aresolv-diff.corpus $(DESTDIR)$(pkgdatadir)/aresolv-diff.corpus
	ln -sf $(call relpath,$(pkglibexecdir),$(pkgdatadir))/aresolv-diff.corpus \
	  $(DESTDIR)$(pkglibexecdir)/aresolv-diff.corpus
	$(foreach m,$(MANPAGES),install -m 644 $(B)/man/$(notdir $(m)) \
	  $(DESTDIR)$(mandir)/man$(subst .,,$(suffix $(m)))/ &&) true

# What install put there, and the private directories (with the bytecode
# python leaves beside aresolv-diff).
uninstall: PKGDIRS = $(wildcard $(addprefix $(DESTDIR),$(pkglibdir) $(pkglibexecdir) $(pkgdatadir)))
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rm -rf $(DESTDIR)$(pkglibexecdir)/__pycache__
	$(if $(PKGDIRS),rmdir --ignore-fail-on-non-empty $(PKGDIRS))

# build/aresolv_VERSION_ARCH.deb, made by dpkg-deb from a make install
# DESTDIR=... PREFIX=/usr staging tree (dev/mkdeb).
DEB_MAINTAINER ?= aresolv maintainers <maintainers@users.noreply.r-seed-794c1560.example>
deb: all
	@B=$(B) VERSION=$(VERSION) DEB_MAINTAINER="$(DEB_MAINTAINER)" MAKE="$(MAKE)" dev/mkdeb

# libFuzzer harnesses (make fuzz): tests/fuzz/fuzz.mk
-include tests/fuzz/fuzz.mk
