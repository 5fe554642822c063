import { fileProviderDomainAttribute, providerFromDomainId } from './mac-extended-attributes.ts';
import { providerFromName, providerSlug } from './provider-names.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { cloudStorageFolder } from './sync-paths.ts';
import { subfolders } from './sync-reads.ts';

/**
 * macOS File Provider domains in `~/Library/CloudStorage`: one `<Provider>-<account>` folder per
 * account of any File Provider client, known or not (`SSHDrive-nas`). Each domain root carries
 * the `com.apple.file-provider-domain-id` attribute naming the provider's extension; where the
 * attribute can be read it confirms the folder, and where it cannot (on a non-macOS host, or
 * when `xattr` fails) the location alone counts, since only File Provider creates entries there.
 * A folder without the attribute is still listed, with that said in its evidence: it is most
 * likely left behind by a removed account, but a false alarm costs less than a missed exit.
 */
export const macCloudStorageProvider: SyncProvider = {
  id: 'mac-file-provider',
  name: 'macOS File Provider',

  watchedPaths: (context) => (context.platform === 'darwin' ? [cloudStorageFolder(context)] : []),

  async discover(context) {
    if (context.platform !== 'darwin') {
      return [];
    }

    const folders: SyncFolder[] = [];
    for (const { name, folder } of await subfolders(context, cloudStorageFolder(context))) {
      const attribute = await context.readExtendedAttribute(
        folder.path,
        fileProviderDomainAttribute,
      );
      const productName = name.split('-')[0] ?? name;
      const domainProvider =
        attribute.state === 'present' ? providerFromDomainId(attribute.value) : null;
      const provider = domainProvider ?? providerFromName(name);

      folders.push({
        provider: provider ?? providerSlug(productName),
        ...(provider === null && { productName }),
        path: folder.path,
        account: cloudAccount('unknown'),
        evidence: [`File Provider folder ${folder.display}`, attributeEvidence(attribute)],
        origin: attribute.state === 'absent' ? 'probe' : 'config',
      });
    }
    return folders;
  },
};

function attributeEvidence(
  attribute: Awaited<ReturnType<SyncContext['readExtendedAttribute']>>,
): string {
  switch (attribute.state) {
    case 'present':
      return `File Provider domain "${attribute.value}"`;
    case 'absent':
      return 'no File Provider domain attribute: possibly left behind by a removed account';
    case 'unavailable':
      return `File Provider domain attribute not checked (${attribute.reason})`;
  }
}
