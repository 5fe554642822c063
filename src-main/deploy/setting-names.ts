import { windowsPolicyKey } from '../engine/policy/sources/windows-registry-source.ts';

/**
 * Names derived from a setting's JSON path: what people read in the Group Policy editor and in
 * Intune, the identifiers an administrative template needs, and the registry location the
 * engine reads.
 */

/** The product name, used as the template's root category and file name. */
export const productName = 'Copywarden';

/** The policy key relative to HKLM, as administrative templates name keys. */
export const relativePolicyKey = windowsPolicyKey.replace(/^HKEY_LOCAL_MACHINE\\/, '');

/** `removableVolumes` → `Removable volumes`; `maxAgeDays` → `Max age days`. */
export function displayWords(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What people read for a setting: `Removable volumes: action`. */
export function settingDisplayName(path: readonly string[]): string {
  const name = displayWords(path.at(-1) ?? '');
  const sectionPath = path.slice(0, -1);
  return sectionPath.length === 0
    ? name
    : `${sectionDisplayName(sectionPath)}: ${name.toLowerCase()}`;
}

/** What people read for a section: `Detections / bulk backup copy`. */
export function sectionDisplayName(path: readonly string[]): string {
  if (path.length === 0) {
    return productName;
  }
  return path
    .map((segment, index) =>
      index === 0 ? displayWords(segment) : displayWords(segment).toLowerCase(),
    )
    .join(' / ');
}

/** The identifier of a setting's policy in the template: `removableVolumes_action`. */
export function policyName(path: readonly string[]): string {
  return path.join('_');
}

/** The identifier of a section's category: the product for the root, else `detections_bulkBackupCopy`. */
export function categoryName(path: readonly string[]): string {
  return path.length === 0 ? productName : path.join('_');
}

/** The registry key below HKLM that holds the values of settings under `sectionPath`. */
export function registryKeyOf(sectionPath: readonly string[]): string {
  return [relativePolicyKey, ...sectionPath].join('\\');
}

/** The JSON path people see in policy.json: `removableVolumes.action`. */
export function jsonPathOf(path: readonly string[]): string {
  return path.join('.');
}

/** An identifier made only of letters, digits and underscores, for string-table ids. */
export function identifierOf(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}
