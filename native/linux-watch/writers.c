/*
 * Each /proc/PID/fdinfo/FD holds the descriptor's open flags and, on Linux 5.14 and later, its
 * inode number. Only descriptors open for writing whose inode number matches a candidate are
 * resolved through /proc/PID/fd/FD, so a scan does not stat every descriptor of the system.
 */
#include "writers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void candidates_push(struct candidates *list, const char *path, dev_t device, ino_t inode)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity == 0 ? 64 : list->capacity * 2;
        list->items = realloc(list->items, sizeof(*list->items) * list->capacity);
        if (list->items == NULL) {
            abort();
        }
    }

    char *copy = strdup(path);
    if (copy == NULL) {
        abort();
    }
    list->items[list->count++] =
        (struct candidate){.path = copy, .device = device, .inode = inode, .has_writer = false};
}

void candidates_free(struct candidates *list)
{
    for (size_t index = 0; index < list->count; index++) {
        free(list->items[index].path);
    }
    free(list->items);
    *list = (struct candidates){0};
}

static int compare_inodes(const void *left, const void *right)
{
    ino_t a = *(const ino_t *)left;
    ino_t b = *(const ino_t *)right;
    return (a > b) - (a < b);
}

/* The open flags and inode number of one descriptor, read from its fdinfo text. */
struct descriptor_info {
    unsigned long flags;
    unsigned long long inode;
    bool has_inode;
};

static bool read_descriptor_info(int fdinfo_dir, const char *name, struct descriptor_info *info)
{
    char text[512];

    /* The process or descriptor may be gone already: that is normal */
    int fd = openat(fdinfo_dir, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t length = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (length <= 0) {
        return false;
    }
    text[length] = '\0';

    /* Lines look like "flags:\t0100001" (octal) and "ino:\t1234" */
    const char *flags = strstr(text, "flags:");
    if (flags == NULL) {
        return false;
    }
    info->flags = strtoul(flags + strlen("flags:"), NULL, 8);

    const char *inode = strstr(text, "\nino:");
    info->has_inode = inode != NULL;
    info->inode = inode != NULL ? strtoull(inode + strlen("\nino:"), NULL, 10) : 0;
    return true;
}

static bool opened_for_writing(unsigned long flags)
{
    unsigned long mode = flags & O_ACCMODE;
    return mode == O_WRONLY || mode == O_RDWR;
}

/* Marks the candidates that match (device, inode). */
static void mark_match(struct candidates *list, dev_t device, ino_t inode)
{
    for (size_t index = 0; index < list->count; index++) {
        struct candidate *item = &list->items[index];
        if (item->device == device && item->inode == inode) {
            item->has_writer = true;
        }
    }
}

static void scan_process(const char *pid, struct candidates *list, const ino_t *sorted,
                         size_t count)
{
    char path[600];

    snprintf(path, sizeof(path), "/proc/%s/fdinfo", pid);
    int fdinfo_dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fdinfo_dir < 0) {
        return;
    }
    DIR *entries = fdopendir(fdinfo_dir);
    if (entries == NULL) {
        close(fdinfo_dir);
        return;
    }

    for (struct dirent *entry; (entry = readdir(entries)) != NULL;) {
        struct descriptor_info info;
        if (entry->d_name[0] == '.' || !read_descriptor_info(fdinfo_dir, entry->d_name, &info)) {
            continue;
        }
        if (!opened_for_writing(info.flags)) {
            continue;
        }

        /* Skip descriptors whose inode number no candidate has */
        ino_t inode = (ino_t)info.inode;
        if (info.has_inode && bsearch(&inode, sorted, count, sizeof(*sorted), compare_inodes) == NULL) {
            continue;
        }

        /* Resolve the descriptor to its file's device and inode */
        struct stat status;
        snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, entry->d_name);
        if (stat(path, &status) == 0 && S_ISREG(status.st_mode)) {
            mark_match(list, status.st_dev, status.st_ino);
        }
    }
    closedir(entries);
}

void writers_mark(struct candidates *list)
{
    if (list->count == 0) {
        return;
    }

    /* A sorted inode list for the cheap first filter */
    ino_t *sorted = malloc(sizeof(*sorted) * list->count);
    if (sorted == NULL) {
        abort();
    }
    for (size_t index = 0; index < list->count; index++) {
        sorted[index] = list->items[index].inode;
    }
    qsort(sorted, list->count, sizeof(*sorted), compare_inodes);

    /* Every numeric entry of /proc is a process */
    DIR *processes = opendir("/proc");
    if (processes != NULL) {
        for (struct dirent *entry; (entry = readdir(processes)) != NULL;) {
            if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9') {
                scan_process(entry->d_name, list, sorted, list->count);
            }
        }
        closedir(processes);
    }
    free(sorted);
}
