/** An INI file: section name to keys and values, in file order. Keys outside a section are in `''`. */
export type IniFile = Map<string, Map<string, string>>;

/** Sync-client INI files hold a few hundred keys; more lines than this are not read. */
export const maxIniLines = 20_000;

/**
 * Parses `[section]` headers and `key = value` lines; `;` and `#` start comment lines. Lines of
 * any other shape are skipped and counted, so that one odd line never hides the others. With
 * `qtValues`, values are unquoted and unescaped as Qt's QSettings writes them.
 */
export function parseIni(
  text: string,
  options: { qtValues?: boolean } = {},
): { ini: IniFile; skippedLines: number } {
  let section = new Map<string, string>();
  const ini: IniFile = new Map([['', section]]);
  let skippedLines = 0;

  for (const rawLine of text.split(/\r?\n/).slice(0, maxIniLines)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) {
      continue;
    }

    // A section header
    const header = /^\[(.*)\]$/.exec(line);
    if (header !== null) {
      const name = header[1] ?? '';
      section = ini.get(name) ?? new Map<string, string>();
      ini.set(name, section);
      continue;
    }

    // A key and its value
    const separator = line.indexOf('=');
    if (separator <= 0) {
      skippedLines++;
      continue;
    }
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    section.set(key, options.qtValues === true ? unescapeQtValue(value) : value);
  }

  return { ini, skippedLines };
}

/**
 * Undoes QSettings' INI escaping of a string value: double-quoted runs keep their spaces and
 * commas, and `\\`, `\"`, `\n`, `\t`, `\r` and `\xHHHH` escapes become their characters.
 */
export function unescapeQtValue(value: string): string {
  let result = '';
  let inQuotes = false;

  for (let index = 0; index < value.length; index++) {
    const character = value[index] ?? '';
    if (character === '"') {
      inQuotes = !inQuotes;
      continue;
    }
    if (character !== '\\' || index + 1 >= value.length) {
      result += character;
      continue;
    }

    // An escape sequence
    const next = value[index + 1] ?? '';
    index++;
    if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,4}/.exec(value.slice(index + 1))?.[0] ?? '';
      result += hex === '' ? 'x' : String.fromCharCode(parseInt(hex, 16));
      index += hex.length;
      continue;
    }
    result += { n: '\n', t: '\t', r: '\r' }[next] ?? next;
  }

  return inQuotes ? value : result;
}
