import type { RegistryWrite } from './group-policy-client.ts';

/**
 * The text `reg query HKLM\<rootKey> /s` prints for the written values: each key with its
 * values, subkeys after their parent in name order, CRLF line ends, DWORDs in hex.
 */
export function renderRegQuery(writes: readonly RegistryWrite[], rootKey: string): string {
  // Every key, with its parents up to the root, and its values
  const keys = new Map<string, RegistryWrite[]>([[rootKey.toLowerCase(), []]]);
  const display = new Map<string, string>([[rootKey.toLowerCase(), rootKey]]);
  for (const write of writes) {
    const segments = write.key.split('\\');
    for (let length = rootKey.split('\\').length; length <= segments.length; length++) {
      const key = segments.slice(0, length).join('\\');
      keys.set(key.toLowerCase(), keys.get(key.toLowerCase()) ?? []);
      display.set(key.toLowerCase(), display.get(key.toLowerCase()) ?? key);
    }
    if (write.valueName !== null) {
      const values = keys.get(write.key.toLowerCase()) ?? [];
      keys.set(write.key.toLowerCase(), [
        ...values.filter((value) => value.valueName !== write.valueName),
        write,
      ]);
    }
  }

  // Depth first, in name order
  const lines: string[] = [''];
  for (const key of [...keys.keys()].sort(compareKeys)) {
    lines.push(`HKEY_LOCAL_MACHINE\\${display.get(key) ?? key}`);
    for (const value of keys.get(key) ?? []) {
      const data =
        value.type === 'REG_DWORD' ? `0x${Number(value.data).toString(16)}` : String(value.data);
      lines.push(`    ${value.valueName ?? ''}    ${value.type}    ${data}`);
    }
    lines.push('');
  }
  return lines.join('\r\n');
}

function compareKeys(left: string, right: string): number {
  const a = left.split('\\');
  const b = right.split('\\');
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = (a[index] ?? '').localeCompare(b[index] ?? '');
    if (order !== 0) {
      return order;
    }
  }
  return a.length - b.length;
}
