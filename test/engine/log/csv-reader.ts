/** A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';

    // A quoted field runs to the quote that is not doubled
    if (character === '"' && field === '') {
      const end = findClosingQuote(text, index + 1);
      field = text.slice(index + 1, end).replaceAll('""', '"');
      index = end + 1;
      continue;
    }

    if (character === ',') {
      row.push(field);
      field = '';
      index++;
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 2;
    } else {
      field += character;
      index++;
    }
  }
  if (field !== '' || row.length > 0) {
    throw new Error('The CSV does not end with CRLF.');
  }
  return rows;
}

function findClosingQuote(text: string, from: number): number {
  let index = from;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote < 0) {
      throw new Error('An unterminated quoted field.');
    }
    if (text[quote + 1] !== '"') {
      return quote;
    }
    index = quote + 2;
  }
}
