/*
 * Buffered NUL-delimited output records, and the incremental parser for NUL-delimited commands.
 */
#include "records.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Output buffer; flushed when full and after each batch of work. */
static char output[1 << 16];
static size_t output_length;

/* A field of input may hold a path; paths longer than this break the protocol. */
#define FIELD_MAX_BYTES 8192

static char field[FIELD_MAX_BYTES];
static size_t field_length;
static struct command pending;

void records_flush(void)
{
    size_t written = 0;

    while (written < output_length) {
        ssize_t count = write(STDOUT_FILENO, output + written, output_length - written);
        if (count < 0 && errno == EINTR) {
            continue;
        }

        /* The parent is gone: nobody is left to report to */
        if (count <= 0) {
            _exit(0);
        }
        written += (size_t)count;
    }
    output_length = 0;
}

static void put_bytes(const char *bytes, size_t length)
{
    while (length > 0) {
        if (output_length == sizeof(output)) {
            records_flush();
        }

        size_t room = sizeof(output) - output_length;
        size_t chunk = length < room ? length : room;
        memcpy(output + output_length, bytes, chunk);
        output_length += chunk;
        bytes += chunk;
        length -= chunk;
    }
}

/* Writes `text` and its terminating NUL. */
static void put_field(const char *text)
{
    put_bytes(text, strlen(text) + 1);
}

void record_file(const char *reason, const char *root, const char *path)
{
    put_field("file");
    put_field(reason);
    put_field(root);
    put_field(path);
}

void record_ready(const char *root)
{
    put_field("ready");
    put_field(root);
}

void record_removed(const char *root)
{
    put_field("removed");
    put_field(root);
}

void record_fail(const char *root, const char *message)
{
    put_field("fail");
    put_field(root);
    put_field(message);
}

void record_log(const char *level, const char *format, ...)
{
    char message[1024];
    va_list arguments;

    va_start(arguments, format);
    vsnprintf(message, sizeof(message), format, arguments);
    va_end(arguments);

    put_field("log");
    put_field(level);
    put_field(message);
}

/* How many fields each command carries, its name included; 0 for an unknown name. */
static size_t command_arity(const char *name)
{
    if (strcmp(name, "add") == 0) {
        return 3;
    }
    if (strcmp(name, "remove") == 0) {
        return 2;
    }
    return 0;
}

static void clear_pending(void)
{
    for (size_t index = 0; index < pending.field_count; index++) {
        free(pending.fields[index]);
    }
    pending.field_count = 0;
}

/* Takes one complete field; runs the command once all its fields arrived. */
static void accept_field(void (*handle)(const struct command *))
{
    char *copy = strdup(field);
    if (copy == NULL) {
        abort();
    }
    pending.fields[pending.field_count++] = copy;

    /* Unknown commands are reported and skipped one field at a time */
    size_t arity = command_arity(pending.fields[0]);
    if (arity == 0) {
        record_log("error", "unknown command field skipped");
        clear_pending();
        return;
    }

    if (pending.field_count == arity) {
        handle(&pending);
        clear_pending();
    }
}

int commands_feed(const char *bytes, size_t length, void (*handle)(const struct command *))
{
    for (size_t index = 0; index < length; index++) {
        if (bytes[index] != '\0') {
            if (field_length + 1 >= sizeof(field)) {
                return -1;
            }
            field[field_length++] = bytes[index];
            continue;
        }

        field[field_length] = '\0';
        accept_field(handle);
        field_length = 0;
    }
    return 0;
}
