# citectx — one non-recursive Makefile.  `make`, `make test`, `make demo`,
# `make bench`, `make fuzz`, `make lint`, `make install PREFIX=...`.
CC      ?= cc
PKGS    := libxml-2.0 sqlite3 libarchive libmicrohttpd libsodium jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
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

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
LIBT_OBJ := $(LIB_SRC:%.c=$(BT)/%.o)
CLIT_OBJ := $(CLI_SRC:%.c=$(BT)/%.o)

all: $(B)/citectx $(B)/libcitectx.a

$(B)/%.o: %.c $(wildcard include/*.h lib/*.h cli/*.h server/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BT)/%.o: %.c $(wildcard include/*.h lib/*.h cli/*.h server/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

$(B)/libcitectx.a: $(LIB_OBJ)
	ar rcs $@ $^
$(BT)/libcitectx.a: $(LIBT_OBJ)
	ar rcs $@ $^
$(B)/citectx: $(CLI_OBJ) $(B)/libcitectx.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
$(BT)/citectx: $(CLIT_OBJ) $(BT)/libcitectx.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)
$(BT)/unit: $(UNIT_SRC:%.c=$(BT)/%.o) $(BT)/tests/unit/main.o $(BT)/libcitectx.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)
$(B)/realcheck: $(B)/tests/real/realcheck.o $(B)/libcitectx.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

test: $(BT)/unit $(BT)/citectx $(B)/citectx $(B)/realcheck
	@scripts/run-tests.sh

demo: 
	@scripts/demo.sh

install: $(B)/citectx $(B)/libcitectx.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/citectx $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/citectx.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/libcitectx.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 docs/citectx.1 $(DESTDIR)$(PREFIX)/share/man/man1/

bench: $(B)/citectx
	@scripts/bench.sh

lint:
	clang-format --dry-run --Werror include/*.h lib/*.[ch] cli/*.[ch] server/*.[ch]

clean:
	rm -rf $(B)

.PHONY: all test demo install bench lint clean
