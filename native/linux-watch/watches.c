/*
 * Roots live in a small array; watch descriptors in an open-addressing hash table, because the
 * kernel hands out descriptors cyclically and a tree can hold hundreds of thousands of them.
 */
#include "watches.h"

#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>

static struct root *roots;
static int root_count;

/* Slot markers: descriptors are positive, so these never collide with one. */
#define SLOT_EMPTY 0
#define SLOT_DELETED (-1)

static struct watch *slots;
static size_t slot_count;
static size_t slot_used;
static size_t slot_occupied;

static void *checked_calloc(size_t count, size_t size)
{
    void *memory = calloc(count, size);
    if (memory == NULL) {
        abort();
    }
    return memory;
}

static char *checked_strdup(const char *text)
{
    char *copy = strdup(text);
    if (copy == NULL) {
        abort();
    }
    return copy;
}

int roots_add(const char *path, int64_t since_ms)
{
    struct root *grown = realloc(roots, sizeof(*roots) * (size_t)(root_count + 1));
    if (grown == NULL) {
        abort();
    }
    roots = grown;

    roots[root_count] = (struct root){
        .path = checked_strdup(path),
        .since_ms = since_ms,
        .root_wd = -1,
        .active = true,
    };
    return root_count++;
}

struct root *roots_get(int root_id)
{
    if (root_id < 0 || root_id >= root_count) {
        return NULL;
    }
    return &roots[root_id];
}

int roots_count(void)
{
    return root_count;
}

int roots_find(const char *path)
{
    for (int id = 0; id < root_count; id++) {
        if (roots[id].active && strcmp(roots[id].path, path) == 0) {
            return id;
        }
    }
    return -1;
}

/* Whether `inner` is `outer` or lies below it. */
static bool path_within(const char *inner, const char *outer)
{
    size_t length = strlen(outer);
    if (strncmp(inner, outer, length) != 0) {
        return false;
    }
    return inner[length] == '\0' || inner[length] == '/' || strcmp(outer, "/") == 0;
}

int roots_find_overlap(const char *path)
{
    for (int id = 0; id < root_count; id++) {
        if (!roots[id].active) {
            continue;
        }
        if (path_within(path, roots[id].path) || path_within(roots[id].path, path)) {
            return id;
        }
    }
    return -1;
}

static size_t slot_of(int wd)
{
    return ((size_t)wd * 2654435761u) & (slot_count - 1);
}

static void grow_table(void)
{
    struct watch *old_slots = slots;
    size_t old_count = slot_count;

    /* Rehash into a table at least four times the live entries */
    slot_count = 1024;
    while (slot_count < slot_used * 4) {
        slot_count *= 2;
    }
    slots = checked_calloc(slot_count, sizeof(*slots));
    slot_occupied = slot_used;

    for (size_t index = 0; index < old_count; index++) {
        if (old_slots[index].wd <= 0) {
            continue;
        }
        size_t slot = slot_of(old_slots[index].wd);
        while (slots[slot].wd != SLOT_EMPTY) {
            slot = (slot + 1) & (slot_count - 1);
        }
        slots[slot] = old_slots[index];
    }
    free(old_slots);
}

struct watch *watches_get(int wd)
{
    if (slot_count == 0 || wd <= 0) {
        return NULL;
    }

    for (size_t slot = slot_of(wd);; slot = (slot + 1) & (slot_count - 1)) {
        if (slots[slot].wd == wd) {
            return &slots[slot];
        }
        if (slots[slot].wd == SLOT_EMPTY) {
            return NULL;
        }
    }
}

void watches_put(int wd, int root_id, const char *path)
{
    struct watch *existing = watches_get(wd);
    if (existing != NULL) {
        free(existing->path);
        existing->path = checked_strdup(path);
        existing->root_id = root_id;
        return;
    }

    /* Keep at most half the slots occupied, deleted ones included */
    if ((slot_occupied + 1) * 2 > slot_count) {
        grow_table();
    }

    size_t slot = slot_of(wd);
    while (slots[slot].wd > 0) {
        slot = (slot + 1) & (slot_count - 1);
    }
    if (slots[slot].wd == SLOT_EMPTY) {
        slot_occupied++;
    }
    slots[slot] = (struct watch){.wd = wd, .root_id = root_id, .path = checked_strdup(path)};
    slot_used++;
}

void watches_forget(int wd)
{
    struct watch *entry = watches_get(wd);
    if (entry == NULL) {
        return;
    }

    free(entry->path);
    *entry = (struct watch){.wd = SLOT_DELETED};
    slot_used--;
}

void watches_remove_root(int inotify_fd, int root_id)
{
    for (size_t slot = 0; slot < slot_count; slot++) {
        if (slots[slot].wd > 0 && slots[slot].root_id == root_id) {
            int wd = slots[slot].wd;
            inotify_rm_watch(inotify_fd, wd);
            watches_forget(wd);
        }
    }
}

void watches_remove_subtree(int inotify_fd, int root_id, const char *path)
{
    for (size_t slot = 0; slot < slot_count; slot++) {
        struct watch *entry = &slots[slot];
        if (entry->wd > 0 && entry->root_id == root_id && path_within(entry->path, path)) {
            int wd = entry->wd;
            inotify_rm_watch(inotify_fd, wd);
            watches_forget(wd);
        }
    }
}

void roots_drop(int inotify_fd, int root_id)
{
    struct root *root = roots_get(root_id);
    if (root == NULL || !root->active) {
        return;
    }

    watches_remove_root(inotify_fd, root_id);
    root->active = false;
    root->root_wd = -1;
}
