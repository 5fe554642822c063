/*
 * The watched roots, and the table from inotify watch descriptors to the directories they
 * watch. One watch per directory: files are covered by their parent's watch.
 */
#ifndef COPYWARDEN_WATCHES_H
#define COPYWARDEN_WATCHES_H

#include <stdbool.h>
#include <stdint.h>

/* One armed root. Dropped roots keep their slot with `active` false. */
struct root {
    char *path;
    int64_t since_ms;
    int root_wd;
    bool active;
};

/* One watched directory. */
struct watch {
    int wd;
    int root_id;
    char *path;
};

/* Registers a root and returns its id. */
int roots_add(const char *path, int64_t since_ms);

/* The root with this id, or NULL. */
struct root *roots_get(int root_id);

/* The id of the active root at `path`, or -1. */
int roots_find(const char *path);

/* The active root that contains `path` or lies inside it, or -1. */
int roots_find_overlap(const char *path);

/* How many root slots exist, active or not. */
int roots_count(void);

/* Records that `wd` watches `path` for `root_id`, replacing an older entry for `wd`. */
void watches_put(int wd, int root_id, const char *path);

/* The entry for `wd`, or NULL. */
struct watch *watches_get(int wd);

/* Forgets `wd` without touching the kernel watch (it is already gone). */
void watches_forget(int wd);

/* Removes the kernel watches of `root_id` and forgets them. */
void watches_remove_root(int inotify_fd, int root_id);

/* Removes the kernel watches on `path` and every directory below it, for `root_id`. */
void watches_remove_subtree(int inotify_fd, int root_id, const char *path);

/* Stops watching a root: removes its watches and marks it inactive. */
void roots_drop(int inotify_fd, int root_id);

#endif
