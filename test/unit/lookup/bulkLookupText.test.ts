import { describe, expect, it } from 'vitest';
import type { BulkLookupMatch } from '../../../electron/ipc/contract.js';
import {
  matchesAsCsv,
  matchesAsTsv,
  progressText,
} from '../../../renderer/src/lib/bulkLookupText.js';

const matches: BulkLookupMatch[] = [
  {
    input: 'Alice@Example.org',
    medium: 'email',
    address: 'alice@example.org',
    userId: '@alice:hs1',
    displayName: 'Alice "A", Example',
  },
  {
    input: '+44 7700 900123',
    medium: 'msisdn',
    address: '447700900123',
    userId: null,
    displayName: null,
  },
  {
    input: 'x@y.org',
    medium: 'email',
    address: 'x@y.org',
    userId: '@x:hs1',
    displayName: '=HYPERLINK("http://evil")\tnew',
  },
];

describe('bulk lookup text', () => {
  it('writes progress with thousands separators', () => {
    expect(progressText(1200, 10000)).toBe('1,200 of 10,000');
  });

  it('copies tab-separated rows with a heading', () => {
    expect(matchesAsTsv(matches).split('\n')).toEqual([
      'Address\tUser ID\tDisplay name',
      'Alice@Example.org\t@alice:hs1\tAlice "A", Example',
      '+44 7700 900123\t\t',
      'x@y.org\t@x:hs1\t=HYPERLINK("http://evil") new',
    ]);
  });

  it('exports CSV that quotes as needed and defuses formulas but not phone numbers', () => {
    expect(matchesAsCsv(matches)).toBe(
      'Address,User ID,Display name\r\n' +
        'Alice@Example.org,@alice:hs1,"Alice ""A"", Example"\r\n' +
        '+44 7700 900123,,\r\n' +
        'x@y.org,@x:hs1,"\'=HYPERLINK(""http://evil"")\tnew"\r\n',
    );
  });
});
