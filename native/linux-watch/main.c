/*
 * copywarden-watch: reports files whose write finished under watched folder trees, using
 * inotify with one watch per directory.
 *
 * It runs as a separate process rather than a Node addon: the recursive walks and the inotify
 * queue then never stall the Electron or Node event loop, no rebuild is needed per Electron
 * ABI, and a crash costs a restart instead of the application. Commands arrive on standard
 * input and records leave on standard output, NUL-delimited (README.md lists them). The helper
 * exits when its standard input closes.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "records.h"
#include "scan.h"
#include "watches.h"

/* After a queue overflow, files changed this long before the last full drain are rescanned. */
#define OVERFLOW_LOOKBACK_MS 3000

static const char *const watch_limit_message =
    "the inotify watch limit is reached; raise the fs.inotify.max_user_watches sysctl";

static int inotify_fd = -1;

/* When the event queue was last read to the end. */
static int64_t last_drain_ms;

/* The cookie of the last folder moved away inside a watched tree, to recognise its arrival. */
static uint32_t moved_directory_cookie;

static int64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void fail_root(int root_id, const char *message)
{
    struct root *root = roots_get(root_id);
    if (root == NULL || !root->active) {
        return;
    }

    record_fail(root->path, message);
    roots_drop(inotify_fd, root_id);
}

/*
 * Watches and scans `directory` for `root_id`, then reports what the scan kept with `reason`.
 * Returns the directory's watch descriptor, 0 if it vanished, or -1 after failing the root.
 */
static int arm(int root_id, const char *directory, int64_t since_ms, const char *reason)
{
    struct root *root = roots_get(root_id);
    struct candidates found = {0};
    struct scan_request request = {
        .inotify_fd = inotify_fd,
        .root_id = root_id,
        .since_ms = since_ms,
        .top_is_root = strcmp(directory, root->path) == 0,
    };

    int wd = scan_tree(&request, directory, &found);
    if (wd == SCAN_WATCH_LIMIT) {
        candidates_free(&found);
        record_log("error", "%s while watching %s", watch_limit_message, directory);
        fail_root(root_id, watch_limit_message);
        return -1;
    }

    scan_report(&found, reason, root->path);
    return wd;
}

static void add_root(const char *path, const char *since_text)
{
    /* Check the request */
    char *end = NULL;
    long long since_ms = strtoll(since_text, &end, 10);
    struct stat status;
    if (path[0] != '/' || end == since_text || *end != '\0') {
        record_fail(path, "add needs an absolute path and a time in epoch milliseconds");
        return;
    }
    if (roots_find(path) >= 0) {
        record_ready(path);
        return;
    }

    /* A root must be a folder that no other root contains or lies in */
    if (stat(path, &status) != 0) {
        record_fail(path, strerror(errno));
        return;
    }
    if (!S_ISDIR(status.st_mode)) {
        record_fail(path, "not a folder");
        return;
    }
    int overlap = roots_find_overlap(path);
    if (overlap >= 0) {
        record_fail(path, "overlaps an already watched root; watch the outer folder only");
        return;
    }

    /* Arm it */
    int root_id = roots_add(path, since_ms);
    int wd = arm(root_id, path, since_ms, "catch-up");
    if (wd == 0) {
        fail_root(root_id, "the folder vanished while it was being armed");
        return;
    }
    if (wd > 0) {
        roots_get(root_id)->root_wd = wd;
        record_ready(path);
    }
}

static void remove_root(const char *path)
{
    int root_id = roots_find(path);
    if (root_id >= 0) {
        roots_drop(inotify_fd, root_id);
    }
    record_removed(path);
}

static void handle_command(const struct command *command)
{
    const char *name = command->fields[0];

    if (strcmp(name, "add") == 0) {
        add_root(command->fields[1], command->fields[2]);
    } else if (strcmp(name, "remove") == 0) {
        remove_root(command->fields[1]);
    }
}

/* Events were lost: rescan every root for files changed since shortly before. */
static void rescan_after_overflow(void)
{
    int64_t since_ms = last_drain_ms - OVERFLOW_LOOKBACK_MS;
    record_log("warn", "the inotify event queue overflowed; rescanning every root");

    for (int root_id = 0; root_id < roots_count(); root_id++) {
        struct root *root = roots_get(root_id);
        if (root->active) {
            arm(root_id, root->path, since_ms, "catch-up");
        }
    }
}

/* A folder appeared in a watched tree: created, or moved in from elsewhere. */
static void directory_arrived(const struct watch *parent, const char *path, uint32_t cookie)
{
    /* A folder renamed inside the tree holds nothing new */
    int renamed_inside = cookie != 0 && cookie == moved_directory_cookie;
    moved_directory_cookie = 0;

    arm(parent->root_id, path, renamed_inside ? INT64_MAX : INT64_MIN, "catch-up");
}

/* Events about a watched directory itself rather than an entry in it. */
static int handle_self_event(const struct inotify_event *event, struct watch *watch)
{
    int root_id = watch->root_id;
    struct root *root = roots_get(root_id);
    int is_root = root->root_wd == event->wd;

    if (event->mask & IN_UNMOUNT) {
        fail_root(root_id, "the volume was unmounted");
        return 1;
    }
    if (event->mask & IN_IGNORED) {
        watches_forget(event->wd);
        if (is_root) {
            fail_root(root_id, "the root folder was removed");
        }
        return 1;
    }
    if (is_root && (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF))) {
        fail_root(root_id, "the root folder was deleted or moved");
        return 1;
    }
    return (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) != 0;
}

static void handle_event(const struct inotify_event *event)
{
    if (event->mask & IN_Q_OVERFLOW) {
        rescan_after_overflow();
        return;
    }

    /* Events for dropped roots may still be queued */
    struct watch *watch = watches_get(event->wd);
    if (watch == NULL || handle_self_event(event, watch) || event->len == 0) {
        return;
    }

    char *path = malloc(strlen(watch->path) + strlen(event->name) + 2);
    if (path == NULL) {
        abort();
    }
    sprintf(path, strcmp(watch->path, "/") == 0 ? "%s%s" : "%s/%s", watch->path, event->name);
    const char *root_path = roots_get(watch->root_id)->path;

    /* Folders: follow them in, forget them when they leave */
    if (event->mask & IN_ISDIR) {
        if (event->mask & IN_MOVED_FROM) {
            watches_remove_subtree(inotify_fd, watch->root_id, path);
            moved_directory_cookie = event->cookie;
        } else if (event->mask & (IN_CREATE | IN_MOVED_TO)) {
            directory_arrived(watch, path, event->mask & IN_MOVED_TO ? event->cookie : 0);
        }
    } else if (event->mask & IN_CLOSE_WRITE) {
        record_file("close-write", root_path, path);
    } else if (event->mask & IN_MOVED_TO) {
        record_file("moved-in", root_path, path);
    }
    free(path);
}

/* Reads and handles queued events until the queue is empty. */
static void drain_events(void)
{
    char buffer[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));

    for (;;) {
        ssize_t length = read(inotify_fd, buffer, sizeof(buffer));
        if (length < 0 && errno == EINTR) {
            continue;
        }
        if (length <= 0) {
            break;
        }

        for (char *cursor = buffer; cursor < buffer + length;) {
            const struct inotify_event *event = (const struct inotify_event *)cursor;
            handle_event(event);
            cursor += sizeof(struct inotify_event) + event->len;
        }
    }
    last_drain_ms = now_ms();
}

/* Reads commands; returns 0 once standard input has closed. */
static int read_commands(void)
{
    char buffer[16 * 1024];

    ssize_t length = read(STDIN_FILENO, buffer, sizeof(buffer));
    if (length < 0) {
        return errno == EINTR || errno == EAGAIN;
    }
    if (length == 0) {
        return 0;
    }

    if (commands_feed(buffer, (size_t)length, handle_command) != 0) {
        record_log("error", "a command field is longer than the limit; stopping");
        return 0;
    }
    return 1;
}

int main(void)
{
    /* A closed output pipe must end the helper through write errors, not a signal */
    signal(SIGPIPE, SIG_IGN);

    inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd < 0) {
        record_log("error", "inotify is unavailable: %s", strerror(errno));
        records_flush();
        return 1;
    }
    last_drain_ms = now_ms();

    /* Serve commands and events until standard input closes */
    struct pollfd sources[2] = {
        {.fd = STDIN_FILENO, .events = POLLIN},
        {.fd = inotify_fd, .events = POLLIN},
    };
    for (;;) {
        if (poll(sources, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }

        if (sources[1].revents & POLLIN) {
            drain_events();
        }
        if (sources[0].revents & (POLLIN | POLLHUP | POLLERR) && !read_commands()) {
            break;
        }
        records_flush();
    }

    records_flush();
    return 0;
}
