/**
 * JSON with every character outside printable ASCII escaped as `\uXXXX`. The text then means the
 * same in any ASCII-compatible encoding, so a syslog message carrying it needs no byte order
 * mark, and U+2028/U+2029 cannot break line-based readers.
 */
export function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
