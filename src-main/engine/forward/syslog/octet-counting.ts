/**
 * RFC 6587 octet-counting framing, which RFC 5425 uses over TLS too: each message is preceded by
 * its length in bytes and a space. Unlike newline framing it carries messages with line breaks.
 */
export function frameOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.byteLength} `, 'ascii'), body]);
}
