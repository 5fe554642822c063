import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import {
  environmentValue,
  folderPathFromConfig,
  localAppData,
  macApplicationSupport,
  under,
  xdgConfigHome,
  xdgStateHome,
} from './sync-paths.ts';
import { readConfigText } from './sync-reads.ts';

/** Folder types that never send local changes to peers: files copied there do not leave. */
const receiveOnlyTypes = new Set(['receiveonly', 'receiveencrypted']);

/**
 * Syncthing: the `<folder path="...">` elements of its `config.xml`, from the state folder
 * (the default since v1.27) and the older config folder alike. Syncthing has no account; the
 * peers each folder is shared with are given as evidence, by name where the config names them,
 * so that an admin can tell company devices from others. Receive-only folders are left out.
 */
export const syncthingProvider: SyncProvider = {
  id: 'syncthing',
  name: 'Syncthing',

  watchedPaths: (context) => configFiles(context),

  async discover(context) {
    const folders: SyncFolder[] = [];
    for (const file of configFiles(context)) {
      const text = await readConfigText(context, file);
      if (text !== null) {
        folders.push(...parseSyncthingConfig(text, file, context));
      }
    }
    return folders;
  },
};

/** `$STCONFDIR`/`$STHOMEDIR` when set, else the platform's default folders. */
function configFiles(context: SyncContext): WatchedPath[] {
  const override = environmentValue(context, 'STCONFDIR') ?? environmentValue(context, 'STHOMEDIR');
  if (override !== null) {
    return [{ path: context.path.join(override, 'config.xml'), display: '$STCONFDIR/config.xml' }];
  }
  switch (context.platform) {
    case 'win32':
      return [under(localAppData(context), context, 'Syncthing', 'config.xml')];
    case 'darwin':
      return [under(macApplicationSupport(context), context, 'Syncthing', 'config.xml')];
    default:
      return [
        under(xdgStateHome(context), context, 'syncthing', 'config.xml'),
        under(xdgConfigHome(context), context, 'syncthing', 'config.xml'),
      ];
  }
}

/** An element's start tag with its attributes, as found in the text. */
interface Element {
  name: string;
  attributes: Map<string, string>;
  /** Where the element's content starts and, for elements with content, ends. */
  start: number;
  end: number;
}

/**
 * Reads the folders of a `config.xml`. This is not a general XML parser: it reads the start tags
 * of `<folder>` and `<device>` elements and their attributes, which is all discovery needs and
 * keeps malformed files from throwing. Folders without a path are logged and skipped.
 */
export function parseSyncthingConfig(
  text: string,
  file: WatchedPath,
  context: SyncContext,
): SyncFolder[] {
  if (!/<configuration[\s>]/.test(text)) {
    context.logger.warn(`Ignoring ${file.display}: not a Syncthing configuration`);
    return [];
  }

  // Peer names from the top-level device elements
  const devices = elements(text, 'device');
  const names = new Map<string, string>();
  for (const device of devices) {
    const deviceName = device.attributes.get('name');
    if (deviceName !== undefined && deviceName !== '') {
      names.set(device.attributes.get('id') ?? '', deviceName);
    }
  }

  const folders: SyncFolder[] = [];
  for (const folder of elements(text, 'folder')) {
    const label = folder.attributes.get('label') ?? folder.attributes.get('id') ?? '';
    const type = folder.attributes.get('type') ?? 'sendreceive';
    const path = folderPathFromConfig(context, folder.attributes.get('path') ?? '');
    if (path === null) {
      context.logger.warn(
        `Ignoring Syncthing folder "${label}" of ${file.display}: no absolute path`,
      );
      continue;
    }
    if (receiveOnlyTypes.has(type)) {
      context.logger.debug(`Skipping Syncthing folder "${label}": type ${type} sends nothing`);
      continue;
    }

    // The peers listed inside this folder element
    const peers = devices
      .filter((device) => device.start > folder.start && device.start < folder.end)
      .map((device) => device.attributes.get('id') ?? '')
      .map((id) => (names.get(id) ? `${names.get(id) ?? ''} (${id.slice(0, 7)})` : id.slice(0, 7)));
    folders.push({
      provider: 'syncthing',
      path,
      account: cloudAccount('unknown'),
      evidence: [
        `${file.display}: folder "${label}" (${type}), shared with ${peers.length === 0 ? 'no peer yet' : peers.join(', ')}`,
      ],
      origin: 'config',
    });
  }
  return folders;
}

/** The elements named `name`, with their attributes and the span of their content. */
function elements(text: string, name: string): Element[] {
  const found: Element[] = [];
  const pattern = new RegExp(`<${name}\\b([^>]*?)(/?)>`, 'g');

  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[0].length;
    const closing = match[2] === '/' ? start : text.indexOf(`</${name}>`, start);
    found.push({
      name,
      attributes: attributesOf(match[1] ?? ''),
      start,
      end: closing < 0 ? text.length : closing,
    });
  }
  return found;
}

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(match[1] ?? '', decodeEntities(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, body: string) => {
    if (!body.startsWith('#')) {
      return named[body.toLowerCase()] ?? entity;
    }

    // Numeric references outside Unicode stay as written
    const hex = body[1] === 'x' || body[1] === 'X';
    const codePoint = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}
