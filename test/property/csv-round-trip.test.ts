/**
 * commitments.csv is the data, exactly: whatever a text holds (a formula-like start, quotes,
 * commas, CRLF, a lone LF or CR, full-width signs, emoji, any Unicode but NUL), a CSV parser
 * gives back the record's cells, every text equal to the JSON's. commitments-excel.csv holds
 * the same cells behind a BOM, a formula-like cell behind one apostrophe.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvRowOf, neutralizeFormula, renderCsv } from '../../pipeline/render/render-csv.ts';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { makeCity, makeRecord } from '../support/builders.ts';
import { FC_SEED, runs } from '../support/property/arbitraries.ts';

/** Starts and ends that break naive CSV writers or that spreadsheets run. */
const EDGES = ['=', '-', '+', '@', '\t', '\r', '\n', '\r\n', '"', ',', ' ', '＝', '＋', '－', '＠', "'", '😀', '\u3000', '=HYPERLINK("http://x","点我")', '-1+1', ''];

/** Any well-formed Unicode text without NUL (seed files are UTF-8: no lone surrogates). */
const unicodeArb = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => Buffer.from(s).toString() === s && !s.includes('\0'));

const hostileTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...EDGES), fc.oneof(unicodeArb, fc.constantFrom('推进,"重点"\r\n工作', '第一行\n第二行', '回车\r结尾', '')), fc.constantFrom(...EDGES))
  .map(([start, body, end]) => `${start}${body}${end}`)
  .filter((s) => s.length > 0);

const recordsArb: fc.Arbitrary<CommitmentRecord[]> = fc
  .array(fc.tuple(hostileTextArb, hostileTextArb, hostileTextArb), { minLength: 1, maxLength: 12 })
  .map((items) => items.map(([text, deadline, name], i) => makeRecord({ id: `2023-370100-${String(i + 1).padStart(3, '0')}`, seq: i + 1, text, deadline, responsible: [name, '刘强'] })));

const contactArb = fc.option(fc.record({ name: hostileTextArb, phone: fc.constantFrom('0531-5170706', '+86 531 85911852', '=1+1') }), { nil: null });

describe('CSV round trip (property)', () => {
  it('commitments.csv parses back to exactly the records; the Excel CSV to the same cells behind the guard', () => {
    fc.assert(
      fc.property(recordsArb, contactArb, (records, contact) => {
        const city = makeCity({ contact });
        const want = records.map((r) => csvRowOf(r, city));
        const plain = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(renderCsv({ records, cities: [city] }, 'plain'));
        expect(plain.startsWith('\ufeff')).toBe(false);
        const rows = parse(plain) as string[][];
        expect(rows[0]).toEqual([...CSV_COLUMNS]);
        expect(rows.slice(1)).toEqual(want);
        for (const [i, r] of records.entries()) expect(Buffer.from(rows[i + 1]![5]!).equals(Buffer.from(r.text))).toBe(true);

        const excel = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(renderCsv({ records, cities: [city] }, 'excel'));
        expect(excel.startsWith('\ufeff')).toBe(true);
        const excelRows = parse(excel.slice(1)) as string[][];
        expect(excelRows.slice(1)).toEqual(want.map((cells) => cells.map(neutralizeFormula)));
      }),
      { seed: FC_SEED, numRuns: runs(300) },
    );
  });
});
