/* How the quarantine folder is laid out: one folder per entry, named by its id. */

/** A half-made entry's folder: `.incoming-<id>`, renamed to `<id>` once complete. */
export const incomingPrefix = '.incoming-';

/** The name of a complete entry's folder: its id, a UUID. */
export const entryIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The encrypted contents. */
export const contentName = 'content.sealed';

/** The entry's metadata (`QuarantineEntry`). */
export const entryName = 'entry.json';

/** A file taken off its destination by rename, until it is sealed. */
export const plainName = 'taken';

/** Where a half-made entry's file came from, written before it is touched. */
export const originName = 'origin.json';
