import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { contentSecurityPolicy } from '../../../src-main/app/windows/content-security-policy.ts';
import { appOrigin, resolveRendererFile } from '../../../src-main/app/windows/renderer-files.ts';

/** A local server for the built renderer: the host's file rules and headers, over HTTP. */
export interface RendererServer {
  /** Such as `http://127.0.0.1:41234`. */
  origin: string;
  dispose(): Promise<void>;
}

/**
 * Serves `rendererDir` on 127.0.0.1 the way the host's app scheme does: the same mapping from
 * URL to file (so the same refusals) and the same Content Security Policy header.
 */
export async function serveRenderer(rendererDir: string): Promise<RendererServer> {
  const server: Server = createServer((request, response) => {
    const file = resolveRendererFile(rendererDir, `${appOrigin}${request.url ?? '/'}`);
    if (file === null) {
      response.writeHead(404).end();
      return;
    }
    readFile(file.path).then(
      (body) => {
        response
          .writeHead(200, {
            'content-type': file.contentType,
            'content-security-policy': contentSecurityPolicy,
            'x-content-type-options': 'nosniff',
          })
          .end(body);
      },
      () => {
        response.writeHead(404).end();
      },
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    dispose: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
