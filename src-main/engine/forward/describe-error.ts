/** TLS verification failures, by OpenSSL or Node error code, in words. */
const certificateProblems: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is not signed by a trusted CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a CA that is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed and not trusted',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not name the server',
};

/**
 * Describes a connection or TLS error for the diagnostic log and `copywarden status`: a refused
 * server certificate says why, other errors give their code and message.
 */
export function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);

  if (typeof code === 'string' && code in certificateProblems) {
    return `refused the server certificate: it ${certificateProblems[code] ?? ''} (${code}: ${message})`;
  }
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
