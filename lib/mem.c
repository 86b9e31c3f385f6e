/* mem.c — the arena (see mem.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define ARENA_CHUNK (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	_Alignas(8) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->reserved = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}

static struct arena_chunk *arena_chunk_new(size_t size)
{
	struct arena_chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = malloc(sizeof(*c) + size);
	if (c) {
		c->used = 0;
		c->size = size;
	}
	return c;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + 7) & ~(size_t)7;

	if (need < n)
		return NULL;
	if (!c || c->size - c->used < need) {
		c = arena_chunk_new(need > ARENA_CHUNK / 4 ? need
		                                           : ARENA_CHUNK);
		if (!c)
			return NULL;
		a->reserved += c->size;
		if (need > ARENA_CHUNK / 4 && a->head) {
			/* a big block: keep the current chunk in front */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	c->used += need;
	a->total += need;
	return c->data + c->used - need;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *arena_push(struct arena *a, void **arr, size_t *n, size_t *cap,
                 size_t size)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		void *p =
		    nc < SIZE_MAX / size ? arena_alloc(a, nc * size) : NULL;

		if (!p)
			return NULL;
		if (*n)
			memcpy(p, *arr, *n * size);
		*arr = p;
		*cap = nc;
	}
	return (char *)*arr + (*n)++ * size;
}
