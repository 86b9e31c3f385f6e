/*
 * jr.h — reading JSON (the writer is jw.h): the only module that includes
 * the JSON library (jansson).  A parsed document is a tree of struct jr
 * nodes owned by its root; every node pointer stays valid until
 * jr_free(root).  Accessors take NULL and wrong kinds quietly (NULL, 0 or
 * an error code), so callers can probe a document without checks at each
 * step.  Input is bounded by the caller (the server's SRV_BODY_MAX) and
 * nesting by JR_DEPTH_MAX.
 */
#ifndef CT_JR_H
#define CT_JR_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

#define JR_DEPTH_MAX 64

struct jr;

/* Parses s[0..n): CT_EPARSE with line and column on malformed JSON. */
int jr_parse(const char *s, size_t n, struct jr **out, struct ct_error *err);
void jr_free(struct jr *root);
/* The member k of an object, NULL when absent or not an object. */
const struct jr *jr_get(const struct jr *obj, const char *k);
/* A string's value (valid UTF-8, NUL-free), NULL when not a string. */
const char *jr_str(const struct jr *j);
/* An integer's value into *v: 0, or CT_EUSAGE when not an integer. */
int jr_int(const struct jr *j, int64_t *v);
/* A number's value (integer or real) into *v: 0, or CT_EUSAGE. */
int jr_num(const struct jr *j, double *v);
int jr_is_true(const struct jr *j);
int jr_is_null(const struct jr *j);
int jr_is_array(const struct jr *j);
int jr_is_object(const struct jr *j);
size_t jr_len(const struct jr *arr); /* 0 when not an array */
/* The i-th member of an object, in document order: its key, and its value
 * in *val; NULL past the end or when not an object.  O(i). */
const char *jr_member(const struct jr *obj, size_t i, const struct jr **val);
const struct jr *jr_at(const struct jr *arr, size_t i);

#endif
