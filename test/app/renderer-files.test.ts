import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveRendererFile } from '../../src-main/app/windows/renderer-files.ts';

const rendererDir = '/opt/copywarden/dist/src-renderer';

describe('resolveRendererFile', () => {
  it('serves the page for the root and the files the build makes', () => {
    expect(resolveRendererFile(rendererDir, 'app://copywarden/')).toEqual({
      path: join(rendererDir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveRendererFile(rendererDir, 'app://copywarden/assets/index-abc.js')?.path).toBe(
      join(rendererDir, 'assets', 'index-abc.js'),
    );
  });

  it('keeps dot segments, plain or encoded, inside the folder', () => {
    const plain = resolveRendererFile(rendererDir, 'app://copywarden/../../etc/passwd.js');
    const encoded = resolveRendererFile(rendererDir, 'app://copywarden/a/%2e%2e/%2e%2e/x.js');

    expect(plain?.path).toBe(join(rendererDir, 'etc', 'passwd.js'));
    expect(encoded?.path).toBe(join(rendererDir, 'x.js'));
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['an encoded slash climb', 'app://copywarden/..%2f..%2fsecret.css'],
    ['a NUL byte', 'app://copywarden/index.html%00.js'],
    ['a broken escape', 'app://copywarden/%E0%A4%A.js'],
    ['a kind of file the build does not make', 'app://copywarden/activity.sqlite'],
    ['no URL at all', 'not a url'],
  ])('refuses %s', (_case, url) => {
    expect(resolveRendererFile(rendererDir, url)).toBeNull();
  });
});
