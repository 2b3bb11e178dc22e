/** Words and files for "Find people": progress, copied rows and the exported CSV. */
import type { BulkLookupMatch } from './contract';

export function progressText(done: number, total: number): string {
  return `${done.toLocaleString('en')} of ${total.toLocaleString('en')}`;
}

const HEADINGS = ['Address', 'User ID', 'Display name'];

function row(match: BulkLookupMatch): string[] {
  return [match.input, match.userId ?? '', match.displayName ?? ''];
}

/** Tab-separated, for pasting into a spreadsheet; tabs and breaks inside a value become spaces. */
export function matchesAsTsv(matches: BulkLookupMatch[]): string {
  return [HEADINGS, ...matches.map(row)]
    .map((cells) => cells.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t'))
    .join('\n');
}

/**
 * RFC 4180, quoting what needs it. A value a spreadsheet would run as a formula (=, +, -, @ first)
 * gets a leading apostrophe, except phone numbers (+44 7700 900123) and Matrix user IDs
 * (@alice:example.org, whose grammar leaves no room for a formula), which are data.
 */
const PHONE = /^\+[\d\s().-]+$/;
const USER_ID = /^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-:[\]]+$/;

function csvCell(value: string): string {
  const formula = /^[=+\-@]/.test(value) && !PHONE.test(value) && !USER_ID.test(value);
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function matchesAsCsv(matches: BulkLookupMatch[]): string {
  return `${[HEADINGS, ...matches.map(row)].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
