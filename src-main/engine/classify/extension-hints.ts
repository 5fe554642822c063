import type { Detection } from './detection.ts';
import type { FileName } from './file-name.ts';

/** What an extension alone suggests, for files whose content matched no signature. */
interface ExtensionHint {
  format: string;
  category: Detection['category'];
}

/**
 * Extensions that belong to backup and disk-image products and to little else. Ambiguous ones
 * (`.bak`, `.img`, `.vhd`, which is also VHDL source, `.dump`, `.sql`) are left out on purpose:
 * they alarm only with a matching signature or text banner.
 */
export const backupExtensionHints: Readonly<Record<string, ExtensionHint>> = {
  vbk: { format: 'veeam', category: 'system-image' },
  vib: { format: 'veeam', category: 'system-image' },
  vrb: { format: 'veeam', category: 'system-image' },
  vsb: { format: 'veeam', category: 'system-image' },
  vlb: { format: 'veeam', category: 'system-image' },
  vsm: { format: 'veeam', category: 'database-dump' },
  vlm: { format: 'veeam', category: 'database-dump' },
  vom: { format: 'veeam', category: 'database-dump' },
  bco: { format: 'veeam', category: 'system-image' },
  tib: { format: 'acronis-tib', category: 'system-image' },
  tibx: { format: 'acronis-tibx', category: 'system-image' },
  bkf: { format: 'mtf', category: 'system-image' },
  mrimg: { format: 'macrium', category: 'system-image' },
  mrbak: { format: 'macrium', category: 'system-image' },
  mrimgx: { format: 'macrium-x', category: 'system-image' },
  gho: { format: 'ghost', category: 'system-image' },
  ghs: { format: 'ghost', category: 'system-image' },
  v2i: { format: 'v2i', category: 'system-image' },
  iv2i: { format: 'v2i', category: 'system-image' },
  vma: { format: 'proxmox-vma', category: 'system-image' },
  vhdx: { format: 'vhdx', category: 'disk-image' },
  avhdx: { format: 'vhdx', category: 'disk-image' },
  vmdk: { format: 'vmdk', category: 'disk-image' },
  qcow2: { format: 'qcow2', category: 'disk-image' },
  vdi: { format: 'vdi', category: 'disk-image' },
  e01: { format: 'ewf', category: 'disk-image' },
  ex01: { format: 'ewf', category: 'disk-image' },
};

/** Low-confidence evidence from the extension alone; null for every other extension. */
export function detectByExtension(name: FileName): Detection | null {
  const hint = backupExtensionHints[name.extension];
  if (hint === undefined) {
    return null;
  }

  return {
    format: hint.format,
    category: hint.category,
    rule: 'always',
    confidence: 'low',
    encrypted: null,
    reasons: [`.${name.extension} name`, 'no matching signature'],
  };
}
