/*
 * The helper's wire format: every field ends with a NUL byte, and the first field of a record
 * names its kind, which fixes how many fields follow. See README.md for the full table.
 */
#ifndef COPYWARDEN_RECORDS_H
#define COPYWARDEN_RECORDS_H

#include <stddef.h>

/* Reports a file whose write finished: `file REASON ROOT PATH`. */
void record_file(const char *reason, const char *root, const char *path);

/* Tells that `root` is armed and its catch-up scan ran: `ready ROOT`. */
void record_ready(const char *root);

/* Tells that `root` was dropped after a remove command: `removed ROOT`. */
void record_removed(const char *root);

/* Tells that `root` cannot be watched any more and was dropped: `fail ROOT MESSAGE`. */
void record_fail(const char *root, const char *message);

/* A diagnostic line for the parent's logger: `log LEVEL MESSAGE`, printf-style. */
void record_log(const char *level, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes out buffered records. Exits the helper when the parent stopped reading. */
void records_flush(void);

/* The most fields a command may carry. */
#define COMMAND_MAX_FIELDS 4

/* One command read from standard input. */
struct command {
    size_t field_count;
    char *fields[COMMAND_MAX_FIELDS];
};

/*
 * Feeds bytes read from standard input; calls `handle` for every complete command. Returns -1
 * when the input breaks the protocol (a field longer than the limit), 0 otherwise.
 */
int commands_feed(const char *bytes, size_t length, void (*handle)(const struct command *));

#endif
