import {
  accountFromEmail,
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, under, userProfile } from './sync-paths.ts';
import { subfolders } from './sync-reads.ts';

/** The cloud service of each base-folder name Insync uses. */
const services: Record<string, string> = {
  'Google Drive': 'google-drive',
  OneDrive: 'onedrive',
  Dropbox: 'dropbox',
};

/**
 * Insync (a third-party client for Google Drive, OneDrive and Dropbox): one base folder per
 * account, `~/Insync/<account e-mail>/<service>`. These default paths are commonly seen but not
 * documented, and Insync's own config files are not read: base folders moved elsewhere and
 * custom sync folders are missed. The address tells a Google consumer account from a Workspace
 * one; for the other services the type stays unknown.
 */
export const insyncProvider: SyncProvider = {
  id: 'insync',
  name: 'Insync',

  watchedPaths: (context) => [baseFolder(context)],

  async discover(context) {
    const folders: SyncFolder[] = [];

    for (const { name: email, folder: accountFolder } of await subfolders(
      context,
      baseFolder(context),
    )) {
      if (!email.includes('@')) {
        continue;
      }
      const serviceFolders = (await subfolders(context, accountFolder)).filter(({ name }) =>
        Object.hasOwn(services, name),
      );
      const roots =
        serviceFolders.length === 0 ? [{ name: '', folder: accountFolder }] : serviceFolders;
      for (const { name, folder } of roots) {
        folders.push(insyncFolder(email, services[name] ?? null, folder));
      }
    }
    return folders;
  },
};

function baseFolder(context: SyncContext): WatchedPath {
  return context.platform === 'win32'
    ? under(userProfile(context), context, 'Insync')
    : inHome(context, 'Insync');
}

function insyncFolder(email: string, service: string | null, folder: WatchedPath): SyncFolder {
  const account =
    service === 'google-drive'
      ? accountFromEmail('google-drive', email)
      : cloudAccount('unknown', { email });
  return {
    provider: 'insync',
    path: folder.path,
    account,
    origin: 'probe',
    evidence: [`Insync base folder ${folder.display}${service === null ? '' : ` (${service})`}`],
  };
}
