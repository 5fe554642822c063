/**
 * The Content Security Policy of every Copywarden page, sent as a response header by the app
 * scheme (and repeated in index.html). Scripts and styles only from the app's own files; no
 * inline code, no network, no plugins, no framing, no form posts.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
