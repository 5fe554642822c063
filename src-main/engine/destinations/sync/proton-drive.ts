import {
  accountFromEmail,
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { cloudStorageFolder, folderPathFromConfig, localAppData, under } from './sync-paths.ts';
import { cloudStorageEntries, isRecord, readConfigText } from './sync-reads.ts';

/**
 * Proton Drive: on Windows the local roots of `Mappings.json` (`Mappings[].Local.RootFolderPath`);
 * on macOS the File Provider folder `ProtonDrive-<email>-folder`, whose address tells a Proton
 * address (personal) from a custom domain (reported as business). There is no Linux client.
 */
export const protonDriveProvider: SyncProvider = {
  id: 'proton-drive',
  name: 'Proton Drive',

  watchedPaths(context) {
    switch (context.platform) {
      case 'win32':
        return [mappingsFile(context)];
      case 'darwin':
        return [cloudStorageFolder(context)];
      default:
        return [];
    }
  },

  async discover(context) {
    if (context.platform === 'darwin') {
      const entries = await cloudStorageEntries(context, 'ProtonDrive-');
      return entries.map(({ name, folder }) => {
        const email = /^ProtonDrive-(.+@.+?)(?:-folder)?$/.exec(name)?.[1] ?? null;
        return {
          provider: 'proton-drive',
          path: folder.path,
          account:
            email === null ? cloudAccount('unknown') : accountFromEmail('proton-drive', email),
          origin: 'probe',
          evidence: [`File Provider folder ${folder.display}`],
        } satisfies SyncFolder;
      });
    }
    return context.platform === 'win32' ? discoverMappings(context) : [];
  },
};

function mappingsFile(context: SyncContext): WatchedPath {
  return under(localAppData(context), context, 'Proton', 'Proton Drive', 'Mappings.json');
}

async function discoverMappings(context: SyncContext): Promise<SyncFolder[]> {
  const file = mappingsFile(context);
  const text = await readConfigText(context, file);
  if (text === null) {
    return [];
  }

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    context.logger.warn(`Ignoring ${file.display}: not JSON`);
    return [];
  }
  const mappings = isRecord(document) ? document['Mappings'] : undefined;
  if (!Array.isArray(mappings)) {
    context.logger.warn(`Ignoring ${file.display}: it has no Mappings list`);
    return [];
  }

  return mappings.flatMap((mapping: unknown) => {
    const local = isRecord(mapping) ? mapping['Local'] : undefined;
    const root = isRecord(local) ? local['RootFolderPath'] : undefined;
    const path = typeof root === 'string' ? folderPathFromConfig(context, root) : null;
    if (path === null) {
      context.logger.warn(
        `Ignoring a mapping of ${file.display}: no absolute Local.RootFolderPath`,
      );
      return [];
    }
    return [
      {
        provider: 'proton-drive',
        path,
        account: cloudAccount('unknown'),
        origin: 'config' as const,
        evidence: [`${file.display}: mapped folder`],
      },
    ];
  });
}
