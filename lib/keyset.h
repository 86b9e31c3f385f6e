/*
 * keyset.h — a Bloom filter of strings: "certainly absent" or "maybe
 * present", in a fixed amount of memory whatever the number of keys
 * (more keys only raise the rate of false "maybe").
 *
 * Linking uses one to skip the candidate query for references none of
 * whose blocking keys any record holds (more than half of them when a
 * collection is first indexed; see match.c).
 */
#ifndef CT_KEYSET_H
#define CT_KEYSET_H
#include <stddef.h>

struct keyset;

/* A filter of 2^log2bits bits (3 probes a key); NULL when out of memory. */
struct keyset *keyset_new(unsigned log2bits);
void keyset_free(struct keyset *ks);
/* kind separates families of keys (a title key never answers for an
 * author key); an empty or NULL key is never added nor present. */
void keyset_add(struct keyset *ks, char kind, const char *key);
int keyset_maybe(const struct keyset *ks, char kind, const char *key);

#endif
