import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The autostart entry's file name in the XDG autostart folder. */
export const autostartFileName = 'copywarden.desktop';

/**
 * The XDG autostart entry that starts Copywarden at login on Linux desktops (Desktop Entry
 * Specification; Exec quoting rules: each argument in double quotes, with `"`, `` ` ``, `$` and
 * `\` escaped).
 */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/["`$\\]/g, (character) => `\\${character}`)}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Copywarden',
    'Comment=Keeps backups from leaving on removable drives and through sync folders',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the user's autostart entry in `autostartDir` (`~/.config/autostart`). */
export async function setAutostartEntry(
  autostartDir: string,
  executable: string,
  enabled: boolean,
): Promise<void> {
  const path = join(autostartDir, autostartFileName);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(autostartDir, { recursive: true });
  await writeFile(path, autostartEntry(executable), { mode: 0o644 });
}
