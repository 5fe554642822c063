/**
 * Splits a byte stream into records of NUL-terminated fields. The first field of a record names
 * its kind, and the kind fixes how many fields the record has. Chunks may end anywhere, even
 * inside a multi-byte character.
 */
export class NulRecordParser {
  readonly #fieldCountOf: (kind: string) => number;
  #partial: Buffer[] = [];
  #fields: string[] = [];

  /**
   * @param fieldCountOf The number of fields, the kind included, for a record of `kind`. A kind
   *   it does not know should map to 1, so the parser moves on to the next field.
   */
  constructor(fieldCountOf: (kind: string) => number) {
    this.#fieldCountOf = fieldCountOf;
  }

  /** Feeds a chunk; returns the records it completed, in order. */
  push(chunk: Buffer): string[][] {
    const records: string[][] = [];
    let start = 0;

    for (let end = chunk.indexOf(0, start); end >= 0; end = chunk.indexOf(0, start)) {
      this.#partial.push(chunk.subarray(start, end));
      this.#acceptField(records);
      start = end + 1;
    }

    // Keep the unterminated tail for the next chunk
    if (start < chunk.length) {
      this.#partial.push(Buffer.from(chunk.subarray(start)));
    }
    return records;
  }

  /** Whether bytes of an unfinished record are waiting for more input. */
  get hasPendingInput(): boolean {
    return this.#partial.length > 0 || this.#fields.length > 0;
  }

  #acceptField(records: string[][]): void {
    const field = Buffer.concat(this.#partial).toString('utf8');
    this.#partial = [];
    this.#fields.push(field);

    const [kind] = this.#fields;
    if (kind !== undefined && this.#fields.length >= Math.max(1, this.#fieldCountOf(kind))) {
      records.push(this.#fields);
      this.#fields = [];
    }
  }
}
