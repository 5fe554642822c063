import type { Detection, Detector } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/** How much text at the start of a file is searched for a dump banner. */
const maxBannerBytes = 2048;

/** How many non-blank lines may come before the banner (pg_dump writes `--` first). */
const maxLinesBeforeBanner = 4;

/** A banner that the dump tool writes near the top of its plain-text output. */
interface DumpBanner {
  format: string;
  pattern: RegExp;
  label: string;
}

/**
 * Banners of plain-text SQL dumps: mysqldump and mariadb-dump (`client/mysqldump.c*` format
 * strings), pg_dump and pg_dumpall (their plain-format preamble), and phpMyAdmin exports.
 */
const dumpBanners: readonly DumpBanner[] = [
  { format: 'mysql-dump', pattern: /^-- MySQL dump \d/, label: '"-- MySQL dump" banner' },
  { format: 'mariadb-dump', pattern: /^-- MariaDB dump \d/, label: '"-- MariaDB dump" banner' },
  {
    format: 'pg-sql-dump',
    pattern: /^-- PostgreSQL database (cluster )?dump\s*$/,
    label: '"-- PostgreSQL database dump" banner',
  },
  { format: 'mysql-dump', pattern: /^<mysqldump[\s>]/, label: 'mysqldump XML root' },
  { format: 'phpmyadmin-dump', pattern: /^-- phpMyAdmin SQL Dump/, label: 'phpMyAdmin banner' },
];

/** Plain-text SQL dumps, tolerating a byte order mark and blank lines before the banner. */
export const detectSqlTextDump: Detector = ({ view }) => {
  const lines = leadingLines(view);
  for (const line of lines.slice(0, maxLinesBeforeBanner + 1)) {
    const banner = dumpBanners.find((candidate) => candidate.pattern.test(line));
    if (banner !== undefined) {
      return sqlDump(banner);
    }
  }
  return null;
};

/** The first non-blank lines of the head, read as text; empty for binary content. */
function leadingLines(view: SampleView): string[] {
  // Binary content has NUL bytes early; text dumps never do
  const start = view.bytes(0, Math.min(view.headLength, maxBannerBytes)) ?? new Uint8Array();
  if (start.includes(0)) {
    return [];
  }

  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(start);
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0 && !/^<\?xml/.test(line))
    .map((line) => line.trimStart());
}

function sqlDump(banner: DumpBanner): Detection {
  return {
    format: banner.format,
    category: 'database-dump',
    rule: 'always',
    confidence: 'medium',
    encrypted: false,
    reasons: [banner.label],
  };
}
