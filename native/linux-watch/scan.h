/*
 * Arms a directory tree: adds a watch to each directory and only then lists it, so a file that
 * appears after the listing is reported by the watch and one that appeared before is found by
 * the listing. Symbolic links are never followed.
 */
#ifndef COPYWARDEN_SCAN_H
#define COPYWARDEN_SCAN_H

#include <stdint.h>

#include "writers.h"

/* Arming stopped because the kernel refused more watches (fs.inotify.max_user_watches). */
#define SCAN_WATCH_LIMIT (-1)

/* What a scan keeps and how it watches. */
struct scan_request {
    int inotify_fd;
    int root_id;
    /* Regular files whose change time is at or after this are kept; INT64_MAX keeps none. */
    int64_t since_ms;
    /* Whether the top directory is a root, which may be reached through a symbolic link. */
    int top_is_root;
};

/*
 * Watches `directory` and everything below it, collecting kept files into `found`. Returns the
 * top directory's watch descriptor (0 if it vanished), or SCAN_WATCH_LIMIT.
 */
int scan_tree(const struct scan_request *request, const char *directory, struct candidates *found);

/* Marks writers among `found`, reports the others with `reason`, and frees the list. */
void scan_report(struct candidates *found, const char *reason, const char *root);

#endif
