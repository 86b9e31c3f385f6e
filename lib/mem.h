/*
 * mem.h — arenas for per-article and per-request memory, freed in one go.
 * Allocation is aligned to 8 bytes; a request larger than the chunk size
 * gets a chunk of its own.  arena_alloc returns NULL on overflow or when
 * out of memory, never a short block.
 */
#ifndef CT_MEM_H
#define CT_MEM_H
#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t total;    /* bytes handed out, to enforce ceilings */
	size_t reserved; /* bytes of its chunks: the memory it holds */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Appends one element of size bytes to the array *arr of *n elements and
 * *cap capacity, growing it by doubling (from 16) in a; old blocks are
 * abandoned to the arena.  Returns the new element (not zeroed), or NULL
 * when out of memory or on overflow (*arr, *n unchanged). */
void *arena_push(struct arena *a, void **arr, size_t *n, size_t *cap,
                 size_t size);

#endif
