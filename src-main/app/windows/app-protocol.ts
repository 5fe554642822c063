import { readFile } from 'node:fs/promises';

import { protocol, type Session } from 'electron';

import type { Logger } from '../../engine/base/logger.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { appScheme, resolveRendererFile } from './renderer-files.ts';

/**
 * Registers the app scheme as a secure standard scheme, so that its pages get an origin of
 * their own (file:// pages would share one with every file on disk). Must run before `ready`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the renderer build from `rendererDir` on the app scheme, with the CSP header. */
export function serveRenderer(session: Session, rendererDir: string, logger: Logger): void {
  session.protocol.handle(appScheme, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url);
    if (file === null) {
      logger.warn(`refused to serve ${request.url.slice(0, 200)}`);
      return new Response('Not found', { status: 404 });
    }

    try {
      const body = await readFile(file.path);
      return new Response(body, {
        headers: {
          'content-type': file.contentType,
          'content-security-policy': contentSecurityPolicy,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
      });
    } catch (error) {
      logger.warn(`could not read ${file.path}`, error);
      return new Response('Not found', { status: 404 });
    }
  });
}
