/*
 * store_read.h — read snapshots (issue 17): a read transaction that
 * every statement of one page or one request then reads, so that what it
 * shows comes from one state of the index.
 */
#ifndef CT_STORE_READ_H
#define CT_STORE_READ_H

struct store;

/* BEGIN (deferred: the snapshot starts at the first read).  0 or CT_EDB
 * (store_errmsg says why). */
int store_read_begin(struct store *st);
/* Ends the snapshot store_read_begin began (COMMIT).  0 or CT_EDB. */
int store_read_end(struct store *st);
/* store_read_end that a passed deadline does not stop: a transaction
 * left open would break the connection for every later request. */
int store_read_end_final(struct store *st);

#endif
