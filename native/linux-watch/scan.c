/*
 * The recursive walk. Files and folders vanish under a walk all the time (temporary files,
 * unmounts); such errors end that branch quietly.
 */
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "records.h"
#include "watches.h"

/* The events one directory watch asks for. */
#define WATCH_MASK                                                                             \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | \
     IN_ONLYDIR | IN_EXCL_UNLINK)

/* Deeper trees are most likely a bind-mount loop. */
#define MAX_DEPTH 256

static int64_t change_time_ms(const struct stat *status)
{
    return (int64_t)status->st_ctim.tv_sec * 1000 + status->st_ctim.tv_nsec / 1000000;
}

static char *join_path(const char *directory, const char *name)
{
    size_t directory_length = strlen(directory);
    int needs_slash = directory_length > 0 && directory[directory_length - 1] != '/';
    char *path = malloc(directory_length + (size_t)needs_slash + strlen(name) + 1);
    if (path == NULL) {
        abort();
    }

    sprintf(path, needs_slash ? "%s/%s" : "%s%s", directory, name);
    return path;
}

/* Adds the watch; returns its descriptor, 0 when the folder is gone or unreadable. */
static int add_watch(const struct scan_request *request, const char *directory, int is_top)
{
    uint32_t mask = WATCH_MASK;
    if (!(is_top && request->top_is_root)) {
        mask |= IN_DONT_FOLLOW;
    }

    int wd = inotify_add_watch(request->inotify_fd, directory, mask);
    if (wd >= 0) {
        watches_put(wd, request->root_id, directory);
        return wd;
    }

    /* Expected: the folder vanished or was replaced by a file or a link */
    if (errno == ENOSPC) {
        return SCAN_WATCH_LIMIT;
    }
    if (errno != ENOENT && errno != ENOTDIR) {
        record_log("warn", "cannot watch %s: %s", directory, strerror(errno));
    }
    return 0;
}

static int walk(const struct scan_request *request, const char *directory, int depth,
                struct candidates *found)
{
    /* Watch first, then list */
    int wd = add_watch(request, directory, depth == 0);
    if (wd <= 0) {
        return wd;
    }
    if (depth >= MAX_DEPTH) {
        record_log("warn", "not descending below %s: deeper than %d folders", directory, MAX_DEPTH);
        return wd;
    }

    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int directory_fd = open(directory, depth == 0 && request->top_is_root ? flags : flags | O_NOFOLLOW);
    DIR *entries = directory_fd < 0 ? NULL : fdopendir(directory_fd);
    if (entries == NULL) {
        if (directory_fd >= 0) {
            close(directory_fd);
        }
        return wd;
    }

    int result = wd;
    for (struct dirent *entry; result != SCAN_WATCH_LIMIT && (entry = readdir(entries)) != NULL;) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
            continue;
        }

        /* Look at the entry itself, never through a link */
        struct stat status;
        if (fstatat(directory_fd, entry->d_name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        char *path = join_path(directory, entry->d_name);

        if (S_ISDIR(status.st_mode)) {
            if (walk(request, path, depth + 1, found) == SCAN_WATCH_LIMIT) {
                result = SCAN_WATCH_LIMIT;
            }
        } else if (S_ISREG(status.st_mode) && change_time_ms(&status) >= request->since_ms) {
            candidates_push(found, path, status.st_dev, status.st_ino);
        }
        free(path);
    }
    closedir(entries);
    return result;
}

int scan_tree(const struct scan_request *request, const char *directory, struct candidates *found)
{
    return walk(request, directory, 0, found);
}

void scan_report(struct candidates *found, const char *reason, const char *root)
{
    writers_mark(found);

    /* A file still open will send its close-write event later */
    for (size_t index = 0; index < found->count; index++) {
        if (!found->items[index].has_writer) {
            record_file(reason, root, found->items[index].path);
        }
    }
    candidates_free(found);
}
