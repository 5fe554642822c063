import type { FolderFacts } from './folder-facts.ts';
import { hasChild as has } from './folder-facts.ts';
import type { LayoutRule } from './layout-rule.ts';

const timeMachineMachineId = 'com.apple.TimeMachine.MachineID.plist';

/** Clonezilla partition table dumps and partclone images (Clonezilla's ocs-chkimg). */
const clonezillaFilePattern =
  /(-pt\.sf|-pt\.parted|-ptcl-img\.[a-z0-9]+(\.[a-z]{2})?)$|^clonezilla-img$/;

/**
 * Image and device backup folders. Sources: Windows Server Backup's WindowsImageBackup layout,
 * Apple's iOS backup folder, Time Machine's Backups.backupdb and network bundles, Apple's
 * sparse bundle layout, Clonezilla's image folder.
 */
export const imageLayoutRules: readonly LayoutRule[] = [
  {
    format: 'windows-image-backup',
    category: 'system-image',
    confidence: 'high',
    anchors: ['MediaId'],
    markers: ['Catalog'],
    match: (facts) => {
      if (facts.name.toLowerCase() === 'windowsimagebackup') {
        return ['folder named "WindowsImageBackup"'];
      }
      return has(facts, 'MediaId', 'file') && has(facts, 'Catalog', 'directory')
        ? ['"MediaId" and "Catalog/" of a Windows Server Backup computer folder']
        : null;
    },
  },
  {
    format: 'ios-backup',
    category: 'device-backup',
    confidence: 'high',
    anchors: ['Manifest.db', 'Manifest.mbdb'],
    markers: ['Manifest.plist', 'Info.plist', 'Status.plist'],
    match: (facts) => {
      const manifest = ['Manifest.db', 'Manifest.mbdb'].find((name) => has(facts, name, 'file'));
      const plists = ['Manifest.plist', 'Info.plist', 'Status.plist'].filter((name) =>
        has(facts, name, 'file'),
      );
      return manifest !== undefined && plists.length > 0
        ? [`iOS backup files "${manifest}", ${plists.map((name) => `"${name}"`).join(', ')}`]
        : null;
    },
  },
  {
    format: 'time-machine',
    category: 'system-image',
    confidence: 'high',
    anchors: [],
    markers: [],
    match: (facts) =>
      facts.name === 'Backups.backupdb' ? ['folder named "Backups.backupdb"'] : null,
  },
  {
    format: 'time-machine',
    category: 'system-image',
    confidence: 'high',
    nameGate: isBundle,
    anchors: [timeMachineMachineId],
    markers: [],
    match: (facts) =>
      isBundle(facts.name) && has(facts, timeMachineMachineId, 'file')
        ? [`bundle holding "${timeMachineMachineId}"`]
        : null,
  },
  {
    format: 'apple-sparsebundle',
    category: 'disk-image',
    confidence: 'medium',
    nameGate: isBundle,
    anchors: ['Info.plist'],
    markers: ['bands'],
    match: (facts) =>
      isBundle(facts.name) && has(facts, 'Info.plist', 'file') && has(facts, 'bands', 'directory')
        ? ['sparse bundle with "Info.plist" and "bands/"']
        : null,
  },
  {
    format: 'clonezilla-image',
    category: 'system-image',
    confidence: 'medium',
    anchors: ['parts', 'disk'],
    markers: [],
    needsListing: (facts) => clonezillaList(facts) !== undefined,
    match: (facts) => {
      const list = clonezillaList(facts);
      const image =
        list === undefined
          ? undefined
          : facts.childNames.find((name) => clonezillaFilePattern.test(name));
      return list !== undefined && image !== undefined
        ? [`Clonezilla image: "${list}" and "${image}"`]
        : null;
    },
  },
];

function clonezillaList(facts: FolderFacts): string | undefined {
  return ['parts', 'disk'].find((name) => has(facts, name, 'file'));
}

function isBundle(name: string): boolean {
  return /\.(sparsebundle|backupbundle)$/i.test(name);
}
