# citectx — one non-recursive Makefile.  `make`, `make test`, `make demo`,
# `make bench`, `make fuzz`, `make lint`, `make install PREFIX=...`.
CC      ?= cc
PKGS    := libxml-2.0 sqlite3 libarchive jansson libutf8proc libmicrohttpd libsodium zlib libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
# The programs (not the ASan builds, which bring their own allocator) run
# on mimalloc when it is installed: ingest builds and frees a parse tree
# per article, and glibc's malloc was 19% of its instructions (reader
# thread -15%, docs/BENCHMARKS.md).  Linked first, it serves every
# library's malloc too.
MALLOC_LIB := $(shell echo 'int main(void){return 0;}' | $(CC) -x c - -lmimalloc -o /dev/null 2>/dev/null && echo -lmimalloc)
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla \
           -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) -pthread -D_GNU_SOURCE -Iinclude -Ilib -Iserver $(PKG_CFLAGS) $(if $(CI),-Werror)
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
PREFIX  ?= /usr/local

LIB_SRC := $(wildcard lib/*.c)
CLI_SRC := $(wildcard cli/*.c server/*.c)
UNIT_SRC := $(wildcard tests/unit/t_*.c)

B  := build
BT := build/test

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/model_default.o
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o) $(B)/gen/assets.o
LIBT_OBJ := $(LIB_SRC:%.c=$(BT)/%.o) $(BT)/gen/model_default.o
CLIT_OBJ := $(CLI_SRC:%.c=$(BT)/%.o) $(BT)/gen/assets.o

all: $(B)/citectx $(B)/libcitectx.a $(B)/citectx-bench

$(B)/%.o: %.c $(wildcard include/*.h lib/*.h cli/*.h server/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BT)/%.o: %.c $(wildcard include/*.h lib/*.h cli/*.h server/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

# the default classifier model, compiled in (lib/model_io.c)
$(B)/gen/model_default.c: models/default.model scripts/embed-model.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-model.sh $< >$@
$(B)/gen/model_default.o: $(B)/gen/model_default.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BT)/gen/model_default.o: $(B)/gen/model_default.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

# the pages' stylesheet and script, compiled in (server/assets.c)
ASSETS := $(sort $(wildcard server/assets/*))
$(B)/gen/assets.c: $(ASSETS) scripts/embed-assets.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-assets.sh $(ASSETS) >$@
$(B)/gen/assets.o: $(B)/gen/assets.c server/assets.h
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BT)/gen/assets.o: $(B)/gen/assets.c server/assets.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

$(B)/libcitectx.a: $(LIB_OBJ)
	ar rcs $@ $^
$(BT)/libcitectx.a: $(LIBT_OBJ)
	ar rcs $@ $^
$(B)/citectx: $(CLI_OBJ) $(B)/libcitectx.a
	$(CC) $(CFLAGS) -o $@ $^ $(MALLOC_LIB) $(PKG_LIBS)
$(BT)/citectx: $(CLIT_OBJ) $(BT)/libcitectx.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)
# the server's request path (every server/ file but server.c) is linked in
# too: unit tests answer requests without a socket (t_sticky_server.c);
# and the CLI's shared helpers, for its output check (t_cli_write.c)
SRV_CORE := $(filter-out server/server.c,$(wildcard server/*.c))
$(BT)/unit: $(UNIT_SRC:%.c=$(BT)/%.o) $(BT)/tests/unit/main.o $(BT)/tests/unit/fixture.o $(SRV_CORE:%.c=$(BT)/%.o) $(BT)/cli/cli.o $(BT)/gen/assets.o $(BT)/libcitectx.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)
$(B)/realcheck: $(B)/tests/real/realcheck.o $(B)/libcitectx.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/citectx-bench: $(B)/bench/bench.o $(B)/libcitectx.a
	$(CC) $(CFLAGS) -o $@ $^ $(MALLOC_LIB) $(PKG_LIBS)

test: $(BT)/unit $(BT)/citectx $(B)/citectx $(B)/realcheck $(BT)/fuzz_http-replay
	@scripts/run-tests.sh

# make test and the real-data tests that take minutes (scripts/run-tests.sh REAL_SLOW)
test-slow: $(BT)/unit $(BT)/citectx $(B)/citectx $(B)/realcheck $(BT)/fuzz_http-replay
	@WITH_SLOW=1 scripts/run-tests.sh

# lane L3 (issue 18): Citus built from ../shared/vendor (cached under
# build/citus/), a coordinator and two workers, tests/pg/t*.sh
test-citus: $(B)/citectx
	@scripts/test-citus.sh

demo: 
	@scripts/demo.sh

install: $(B)/citectx $(B)/libcitectx.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/citectx $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/*.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/libcitectx.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 docs/citectx.1 $(DESTDIR)$(PREFIX)/share/man/man1/

# libFuzzer targets (clang): `make fuzz FUZZ_SECONDS=N` runs each for N s.
FZ := build/fuzz
FUZZ_SAN := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(FZ)/%,$(wildcard fuzz/fuzz_*.c))
$(FZ)/lib/%.o: lib/%.c $(wildcard include/*.h lib/*.h)
	@mkdir -p $(dir $@)
	clang $(WARN) -D_GNU_SOURCE -Iinclude -Ilib $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@
$(FZ)/gen/model_default.o: $(B)/gen/model_default.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_SAN) -c $< -o $@
$(FZ)/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC:lib/%.c=$(FZ)/lib/%.o) $(FZ)/gen/model_default.o
	clang $(WARN) -D_GNU_SOURCE -Iinclude -Ilib -Iserver $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $^ -o $@ $(PKG_LIBS)
# the HTTP target drives the server's request path: every server/ file but
# server.c (the only one that knows libmicrohttpd), SRV_CORE above
$(FZ)/server/%.o: server/%.c $(wildcard include/*.h lib/*.h server/*.h)
	@mkdir -p $(dir $@)
	clang $(WARN) -D_GNU_SOURCE -Iinclude -Ilib -Iserver $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@
$(FZ)/gen/assets.o: $(B)/gen/assets.c server/assets.h
	@mkdir -p $(dir $@)
	clang $(WARN) -Iserver $(FUZZ_SAN) -c $< -o $@
$(FZ)/fuzz_http: $(SRV_CORE:%.c=$(FZ)/%.o) $(FZ)/gen/assets.o
# ... and replays its seeds and former crashes in `make test` (ASan build)
$(BT)/fuzz_http-replay: $(BT)/fuzz/fuzz_http.o $(BT)/fuzz/replay.o $(SRV_CORE:%.c=$(BT)/%.o) $(BT)/gen/assets.o $(BT)/libcitectx.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)
fuzz: $(FUZZ_TARGETS)
	@scripts/fuzz.sh $(FUZZ_TARGETS)

bench: $(B)/citectx $(B)/citectx-bench
	@scripts/bench.sh

lint: lint-cycles lint-store
	clang-format --dry-run --Werror include/*.h lib/*.[ch] cli/*.[ch] server/*.[ch]
# no cycle between the modules of lib/, server/, cli/ (their includes and
# the symbols their objects share: scripts/module-cycles.sh)
lint-cycles: $(LIB_OBJ) $(CLI_OBJ)
	sh scripts/module-cycles.sh . $(B)
# SQL and rows stay in the store layer (issue 17: scripts/store-private.sh)
lint-store:
	sh scripts/store-private.sh

clean:
	rm -rf $(B)

.PHONY: all test test-slow test-citus demo install bench fuzz lint lint-cycles lint-store clean
.SECONDARY:
