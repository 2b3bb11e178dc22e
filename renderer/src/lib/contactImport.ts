/**
 * Addresses out of what people paste or import for "Find people": a pasted list, a vCard file
 * (.vcf) or a spreadsheet export (.csv). Pure text in, candidate addresses out, in the order
 * given; deciding what is an email address or a phone number is main's job (it answers invalid
 * entries with their reason), so nothing here judges the values beyond dropping empty ones.
 */

/** One per line, or separated by commas or semicolons. */
export function parsePastedAddresses(text: string): string[] {
  return text
    .split(/[\r\n,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** RFC 6350 §3.2: a line break followed by one space or tab continues the previous line. */
function unfoldVCard(text: string): string {
  return text.replace(/\r?\n[ \t]/g, '');
}

const VCARD_PROPERTIES = new Set(['EMAIL', 'TEL']);

/**
 * EMAIL and TEL values of every card. Handles folded lines, group prefixes (`item1.EMAIL`),
 * parameters (`TEL;TYPE=cell:`) and vCard 4's `tel:` URIs.
 */
export function parseVCard(text: string): string[] {
  const found: string[] = [];
  for (const line of unfoldVCard(text).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const nameWithGroup = (line.slice(0, colon).split(';')[0] ?? '').trim();
    const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
    if (!VCARD_PROPERTIES.has(name)) continue;
    let value = line.slice(colon + 1).trim();
    if (name === 'TEL' && /^tel:/i.test(value)) value = value.slice(4).split(';')[0] ?? '';
    if (name === 'EMAIL' && /^mailto:/i.test(value)) value = value.slice(7);
    value = value.trim();
    if (value !== '') found.push(value);
  }
  return found;
}

/** RFC 4180 rows: quoted fields may hold commas, line breaks and doubled quotes. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Column names that hold addresses: "E-mail Address", "Mobile Phone", "Tel."... */
const ADDRESS_COLUMN = /e-?mail|mail|phone|tel|mobile/i;

/** Every non-empty cell of the address columns (named in the header row), row by row. */
export function parseContactsCsv(text: string): string[] {
  const [header, ...rows] = parseCsvRows(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const columns = header.flatMap((name, index) => (ADDRESS_COLUMN.test(name) ? [index] : []));
  const found: string[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const value = (row[column] ?? '').trim();
      if (value !== '') found.push(value);
    }
  }
  return found;
}

export type ImportOutcome = { ok: true; addresses: string[] } | { ok: false; reason: string };

/** Addresses in an imported file, chosen by its extension. */
export function importContactsFile(fileName: string, text: string): ImportOutcome {
  const lower = fileName.toLowerCase();
  const addresses = lower.endsWith('.vcf')
    ? parseVCard(text)
    : lower.endsWith('.csv')
      ? parseContactsCsv(text)
      : null;
  if (addresses === null) {
    return { ok: false, reason: `${fileName} is neither a .vcf nor a .csv file` };
  }
  if (addresses.length === 0) {
    return {
      ok: false,
      reason: lower.endsWith('.vcf')
        ? `${fileName} has no EMAIL or TEL lines`
        : `${fileName} has no column named like email, mail, phone, tel or mobile, or they are empty`,
    };
  }
  return { ok: true, addresses };
}
