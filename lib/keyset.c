/* keyset.c — a Bloom filter of strings (see keyset.h). */
#include <stdint.h>
#include <stdlib.h>

#include "keyset.h"

#define PROBES 3

struct keyset {
	uint64_t mask; /* bits - 1 */
	uint64_t *bits;
};

struct keyset *keyset_new(unsigned log2bits)
{
	struct keyset *ks = malloc(sizeof(*ks));

	if (log2bits < 9 || log2bits > 40) /* at least one 512-bit block */
		log2bits = 20;
	if (!ks)
		return NULL;
	ks->mask = ((uint64_t)1 << log2bits) - 1;
	ks->bits = calloc((size_t)1 << (log2bits - 6), sizeof(uint64_t));
	if (!ks->bits) {
		free(ks);
		return NULL;
	}
	return ks;
}

void keyset_free(struct keyset *ks)
{
	if (!ks)
		return;
	free(ks->bits);
	free(ks);
}

/* FNV-1a over kind and key, then a 64-bit finaliser (splitmix64) so that
 * both halves are well mixed for double hashing. */
static uint64_t hash(char kind, const char *key)
{
	uint64_t h = 0xcbf29ce484222325u;

	h = (h ^ (unsigned char)kind) * 0x100000001b3u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	h ^= h >> 31;
	return h;
}

/* The PROBES bits of a key all lie in one 512-bit block (a cache line):
 * a lookup costs one memory access instead of three, the rate of false
 * "maybe" stays close to the unblocked filter's.  The block comes from
 * the high half of h, the bits from nine-bit pieces of the low half. */
static uint64_t *block_of(const struct keyset *ks, uint64_t h)
{
	return ks->bits + (((h >> 32) * 8) & (ks->mask >> 6) & ~(uint64_t)7);
}

void keyset_add(struct keyset *ks, char kind, const char *key)
{
	uint64_t h, *b;

	if (!key || !*key)
		return;
	h = hash(kind, key);
	b = block_of(ks, h);
	for (int i = 0; i < PROBES; i++, h >>= 9)
		b[(h >> 6) & 7] |= (uint64_t)1 << (h & 63);
}

int keyset_maybe(const struct keyset *ks, char kind, const char *key)
{
	uint64_t h;
	const uint64_t *b;

	if (!key || !*key)
		return 0;
	h = hash(kind, key);
	b = block_of(ks, h);
	for (int i = 0; i < PROBES; i++, h >>= 9)
		if (!(b[(h >> 6) & 7] & ((uint64_t)1 << (h & 63))))
			return 0;
	return 1;
}
