import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The scheme and host the renderer's files are served from. */
export const appScheme = 'app';
export const appHost = 'copywarden';
export const appOrigin = `${appScheme}://${appHost}`;

/** The kinds of file the renderer build contains, with their content types. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** A file of the renderer build, resolved from a request URL. */
export interface RendererFile {
  path: string;
  contentType: string;
}

/**
 * Maps a request URL of the app scheme to a file inside `rendererDir`. Returns null for another
 * host, a path that leaves the folder (`..`, encoded or not), or a kind of file the build does
 * not make. The page itself is `index.html`; its fragment picks the view.
 */
export function resolveRendererFile(rendererDir: string, url: string): RendererFile | null {
  // Our host only
  if (!URL.canParse(url)) {
    return null;
  }
  const parsed = new URL(url);
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) {
    return null;
  }

  // A decoded path that stays inside the folder
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) {
    return null;
  }
  const root = resolve(rendererDir);
  const path = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, path);
  const outside = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  if (inside === '' || outside) {
    return null;
  }

  // Of a kind the build makes
  const contentType = contentTypes[extname(path).toLowerCase()];
  return contentType === undefined ? null : { path, contentType };
}
