/*
 * Tells which of a scan's files some process still holds open for writing, by reading the
 * open file table every process publishes under /proc.
 */
#ifndef COPYWARDEN_WRITERS_H
#define COPYWARDEN_WRITERS_H

#include <stdbool.h>
#include <sys/types.h>

/* A regular file found by a scan. */
struct candidate {
    char *path;
    dev_t device;
    ino_t inode;
    bool has_writer;
};

/* A growable list of candidates. */
struct candidates {
    struct candidate *items;
    size_t count;
    size_t capacity;
};

void candidates_push(struct candidates *list, const char *path, dev_t device, ino_t inode);
void candidates_free(struct candidates *list);

/*
 * Sets `has_writer` on every candidate that a process has open with O_WRONLY or O_RDWR. Scans
 * /proc once for the whole list; processes this helper may not inspect are skipped.
 */
void writers_mark(struct candidates *list);

#endif
