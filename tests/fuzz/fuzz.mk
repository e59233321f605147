# libFuzzer harnesses for the code that turns DNS replies and hosts files
# into libc structures and parses numeric hosts, services and settings.
# Included by the Makefile.  Needs clang with its sanitizer and fuzzer
# runtimes (Debian: clang libclang-rt-14-dev).
#
#   make fuzz              each harness FUZZ_SECONDS (default 20) on a
#                          scratch copy of its seeds, fails on any finding
#   make fuzz-regress      each harness once over its seeds and saved
#                          findings (tests/fuzz/corpus, tests/fuzz/regress)
#   make fuzz FUZZ_TARGETS="hosts answer" FUZZ_SECONDS=300 FUZZ_ARGS=-max_len=512
#
# Harness NAME is tests/fuzz/NAME.c; its seeds are tests/fuzz/corpus/NAME/,
# inputs that once failed are kept in tests/fuzz/regress/NAME/, an optional
# dictionary is tests/fuzz/NAME.dict.  Nothing under tests/ is written: the
# fuzzing corpus grows in build/fuzz/corpus/NAME/, crashes go to
# build/fuzz/artifacts/NAME/ (tests/fuzz/run prints how to keep one).
# Regression inputs fail until src/ is fixed: that is their point.

ifeq ($(origin FUZZ_CC),undefined)
FUZZ_CC      := $(firstword $(shell command -v clang clang-14 2>/dev/null) clang)
endif
FUZZ_SECONDS ?= 20
FUZZ_ARGS    ?=
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FB           := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_OBJ     := $(SRC:src/%.c=$(FB)/obj/%.o)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FB)/%)
FUZZ_LIBS     = $(FB)/libcore.a $(CARES_A) -ldl -lpthread

# Per harness link flags.  hosts, services: the files' caches ask
# ar_now_us whether a second has passed; the harness answers (see
# tests/fuzz/hosts.c); hosts also answers libc_hosts_mapped, so that
# each address is looked up as glibc 2.36 and as 2.38 do.
# answer: glibc's res_queriesmatch (libresolv) judges which datagrams
# udpreply.c ought to take (see tests/fuzz/answer.c); afile: its
# ns_initparse reads the replies fake.c builds (tests/fuzz/afile.c).
FUZZ_LDFLAGS_hosts  := -Wl,--wrap=ar_now_us -Wl,--wrap=libc_hosts_mapped
FUZZ_LDFLAGS_services := -Wl,--wrap=ar_now_us
FUZZ_LDFLAGS_answer := -lresolv
FUZZ_LDFLAGS_afile := -lresolv

.PHONY: fuzz fuzz-regress fuzz-build

fuzz: fuzz-build
	@tests/fuzz/run fuzz $(FB) $(FUZZ_SECONDS) $(FUZZ_TARGETS) -- $(FUZZ_ARGS)

fuzz-regress: fuzz-build
	@tests/fuzz/run regress $(FB) 0 $(FUZZ_TARGETS) -- $(FUZZ_ARGS)

fuzz-build: $(FUZZ_TARGETS:%=$(FB)/%)

# A clang that can link a libFuzzer program, or how to get one.
$(FB)/.toolchain-$(notdir $(FUZZ_CC)):
	@mkdir -p $(FB)
	@printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > $(FB)/toolchain.c
	@if ! $(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $(FB)/toolchain $(FB)/toolchain.c >$(FB)/toolchain.log 2>&1; then \
	  echo "fuzz: '$(FUZZ_CC)' cannot build a libFuzzer program with ASan and UBSan:"; \
	  sed 's/^/  /' $(FB)/toolchain.log | head -5; \
	  echo "fuzz: on Debian: apt-get install clang libclang-rt-14-dev"; \
	  echo "fuzz: (or point FUZZ_CC at another clang with its compiler-rt)"; \
	  exit 1; fi
	@test -n "$(CARES_A)" || { echo "fuzz: libcares.a not found: run dev/deps (Debian: libc-ares-dev)"; exit 1; }
	@touch $@

# The c-ares headers are those of the libcares.a linked (CARES_CFLAGS:
# a c-ares built from CARES_SRC, else the system's).
$(FB)/obj/%.o: src/%.c $(wildcard src/*.h) | $(FB)/.toolchain-$(notdir $(FUZZ_CC)) $(CARES_DEP)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(WARN) $(FUZZ_CFLAGS) $(CARES_CFLAGS) -DARESOLV_VERSION='"$(VERSION)"' \
	  -fsanitize=fuzzer-no-link -Isrc -c -o $@ $<

$(FB)/libcore.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

# The config harness includes src/config.c and src/gaiconf.c to reach
# their static parsers, hence $(SRC) here; the others call src/ through
# the headers alone.
$(FUZZ_BIN): $(FB)/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FB)/libcore.a $(SRC) $(wildcard src/*.h)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(WARN) $(FUZZ_CFLAGS) $(CARES_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< \
	  $(FUZZ_LDFLAGS_$*) $(FUZZ_LIBS)
