import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  importContactsFile,
  parseContactsCsv,
  parsePastedAddresses,
  parseVCard,
} from '../../../renderer/src/lib/contactImport.js';

describe('parsePastedAddresses', () => {
  it('splits on lines, commas and semicolons and drops blanks', () => {
    expect(
      parsePastedAddresses(' alice@example.org\r\n\n+44 7700 900123, bob@x.org;carol@y.org ;; '),
    ).toEqual(['alice@example.org', '+44 7700 900123', 'bob@x.org', 'carol@y.org']);
  });

  it('never throws and every address is part of the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const address of parsePastedAddresses(text)) {
          expect(address).not.toBe('');
          expect(text).toContain(address);
        }
      }),
    );
  });
});

describe('parseVCard', () => {
  it('reads EMAIL and TEL with parameters, groups, folded lines and tel: URIs', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Alice Example',
      'EMAIL;TYPE=INTERNET,HOME:alice@example.org',
      'item1.EMAIL;type=INTERNET;type=pref:alice.work@exa',
      ' mple.org',
      'item1.X-ABLabel:work',
      'TEL;TYPE=CELL:+44 7700 900123',
      'TEL;VALUE=uri;TYPE=home:tel:+1-555-555-5555;ext=5555',
      'NOTE:call me: EMAIL:not-this@example.org',
      'END:VCARD',
      'BEGIN:VCARD',
      'email:bob@example.org',
      'END:VCARD',
    ].join('\r\n');
    expect(parseVCard(card)).toEqual([
      'alice@example.org',
      'alice.work@example.org',
      '+44 7700 900123',
      '+1-555-555-5555',
      'bob@example.org',
    ]);
  });

  it('never throws and every address is part of the unfolded input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.string().map((s) => `EMAIL;TYPE=x:${s}`),
            fc.string().map((s) => `item2.TEL:${s}`),
          ),
        ),
        (lines) => {
          const text = lines.join('\n');
          const unfolded = text.replace(/\r?\n[ \t]/g, '');
          for (const address of parseVCard(text)) expect(unfolded).toContain(address);
        },
      ),
    );
  });
});

describe('parseContactsCsv', () => {
  it('reads the address columns named in the header, with quoted fields', () => {
    const csv = [
      '\uFEFFName,E-mail Address,Notes,Mobile Phone,Home Tel',
      'Alice,alice@example.org,"likes, commas",+44 7700 900123,',
      '"Bob ""B""",bob@example.org,"two',
      'lines",,020 7946 0000',
      'Nobody,,,,',
    ].join('\r\n');
    expect(parseContactsCsv(csv)).toEqual([
      'alice@example.org',
      '+44 7700 900123',
      'bob@example.org',
      '020 7946 0000',
    ]);
  });

  it('finds nothing without an address column', () => {
    expect(parseContactsCsv('Name,Notes\nAlice,alice@example.org\n')).toEqual([]);
  });

  it('never throws and, without quotes, every address is part of the input', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('"')),
        (body) => {
          const text = `email,phone\n${body}`;
          for (const address of parseContactsCsv(text)) expect(text).toContain(address);
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseContactsCsv(text)));
  });
});

describe('importContactsFile', () => {
  it('chooses the parser by extension and says why a file gave nothing', () => {
    expect(importContactsFile('People.VCF', 'EMAIL:a@b.org')).toEqual({
      ok: true,
      addresses: ['a@b.org'],
    });
    expect(importContactsFile('people.csv', 'mail\na@b.org')).toEqual({
      ok: true,
      addresses: ['a@b.org'],
    });
    expect(importContactsFile('people.txt', 'a@b.org')).toEqual({
      ok: false,
      reason: 'people.txt is neither a .vcf nor a .csv file',
    });
    expect(importContactsFile('people.vcf', 'FN:Alice')).toEqual({
      ok: false,
      reason: 'people.vcf has no EMAIL or TEL lines',
    });
  });
});
