/**
 * What we publish is opened by spreadsheets, unzip tools and browsers. Formula-like
 * cells are neutralised in the CSV for spreadsheets (commitments-excel.csv; commitments.csv
 * is the data as it is, for programs), zip entries never leave their folder, and every
 * string from the seeds is escaped in HTML — for any string, not only the known ones.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../../pipeline/render/render-csv.ts';
import { escapeHtml, html } from '../../pipeline/site/escape.ts';
import { el, renderViewHtml } from '../../pipeline/site/view-tree.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { editSeed, makeWorkspace } from '../support/workspace.ts';
import { craftZip, readZipEntries } from '../support/zip.ts';

const DANGEROUS_START = /^[=+\-@\t\r＝＋－＠]/;
/** What a spreadsheet shows as a plain value even with a leading sign: numbers and phone numbers. */
const NUMBER_LIKE = /^[+-]?[0-9][0-9 ()\-.]*$/;

const hostileCell = fc.oneof(
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '\t=', '\r+'), fc.string({ maxLength: 12 })).map(([a, b]) => `${a}${b}`),
  fc.constantFrom('=HYPERLINK("http://x","点我")', '@SUM(A1:A9)', '+cmd|" /C calc"!A0', '－1+1', '＝1+1', '-2+3+cmd|x'),
  fc.string({ maxLength: 20 }),
);

describe('CSV formula injection', () => {
  it('no cell a spreadsheet would run survives neutralisation (any string)', () => {
    fc.assert(
      fc.property(hostileCell, (value) => {
        const out = neutralizeFormula(value);
        if (DANGEROUS_START.test(out)) expect(out).toMatch(NUMBER_LIKE);
        // Nothing is lost: the value is kept, at most behind one apostrophe.
        expect(out === value || out === `'${value}`).toBe(true);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('the Excel CSV of a real release neutralises hostile text, names, deadlines and contacts; commitments.csv and the JSON keep them verbatim; phones stay as they are', async () => {
    const dir = await makeWorkspace();
    // (A tab or CR cannot reach a release: validate refuses them in seed text, E_CONTROL_CHAR.)
    const hostile = ['=HYPERLINK("http://evil","点我")', '＋1+2', '@SUM(A1)', '-1+cmd|x', '－3', '＝1'];
    await editSeed(dir, '2023/jinan.json', (seed) => {
      hostile.forEach((text, i) => {
        seed.commitments[i]!.text = `${text}新增高新技术企业${i}`;
      });
      seed.commitments[0]!.responsible = ['=刘强'];
      seed.commitments[1]!.deadline = '@12月底前';
      seed.contact = { name: '+权娜', phone: '0531-5170706' };
    });
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const release = path.join(dir, 'dist', 'releases', 'v1.0.0');
    const json = JSON.parse(await readFile(path.join(release, 'commitments.json'), 'utf8')) as { records: Array<{ text: string }> };
    for (const [i, text] of hostile.entries()) expect(json.records[i]!.text).toBe(`${text}新增高新技术企业${i}`);
    const read = async (name: string): Promise<Array<Record<string, string>>> =>
      parse(await readFile(path.join(release, name), 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;

    const excel = await read('commitments-excel.csv');
    expect(excel).toHaveLength(45);
    for (const row of excel) {
      for (const [column, cell] of Object.entries(row)) {
        if (DANGEROUS_START.test(cell)) expect(cell, `commitments-excel.csv ${column}`).toMatch(NUMBER_LIKE);
      }
    }
    expect(excel.slice(0, 6).map((r) => r.text)).toEqual(hostile.map((t, i) => `'${t}新增高新技术企业${i}`));
    expect([excel[0]!.responsible, excel[1]!.deadline, excel[0]!.contact_name, excel[0]!.contact_phone]).toEqual(["'=刘强", "'@12月底前", "'+权娜", '0531-5170706']);

    const plain = await read('commitments.csv');
    expect(plain.map((r) => r.text)).toEqual(json.records.map((r) => r.text));
    expect([plain[0]!.responsible, plain[1]!.deadline, plain[0]!.contact_name, plain[0]!.contact_phone]).toEqual(['=刘强', '@12月底前', '+权娜', '0531-5170706']);
    expect((await cli(dir, ['verify', path.join('dist', 'releases', 'v1.0.0')])).code).toBe(0);
  });
});

describe('zip entries', () => {
  it('a release zip holds plain file names only: no folder, no "..", no absolute path, no backslash', async () => {
    const dir = await makeWorkspace();
    // A seed text that looks like a path must not become one.
    await editSeed(dir, '2023/jinan.json', (seed) => {
      seed.commitments[0]!.text = '../../../etc/passwd /abs\\path 新增高新技术企业';
    });
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const names = readZipEntries(await readFile(path.join(dir, 'dist', 'releases', 'v1.0.0', 'shandong-commitments-v1.0.0.zip'))).map((e) => e.name);
    expect(names.sort()).toEqual(['CHANGELOG.md', 'SHA256SUMS', 'changes.json', 'cities.json', 'commitments-excel.csv', 'commitments.csv', 'commitments.json', 'commitments.parquet', 'datapackage.json', 'targets.csv']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });

  it.each([
    ['../evil.txt', /unexpected path in zip|invalid relative path/],
    ['sub/../../evil.txt', /unexpected path in zip|invalid relative path/],
    ['/etc/evil.txt', /unexpected path in zip|absolute path/],
    ['C:\\evil.txt', /unexpected path in zip|invalid characters/],
    ['.hidden', /unexpected path in zip/],
  ])('verify refuses a zip with the entry %j, clearly, and writes nothing', async (name, message) => {
    const dir = await makeTempDir();
    const zip = craftZip([['SHA256SUMS', ''], [name, 'x']]);
    const file = path.join(dir, 'evil.zip');
    await writeFile(file, zip);
    const run = await cli(dir, ['verify', 'evil.zip']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error E_VERIFY: cannot read evil\.zip: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect((await readdir(dir)).sort()).toEqual(['evil.zip']);
  });

  it('verify refuses a zip that holds one name twice (which copy would be checked?)', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'twice.zip'), craftZip([['commitments.json', '{}'], ['commitments.json', '{"x":1}']]));
    const run = await cli(dir, ['verify', 'twice.zip']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/holds commitments\.json twice/);
  });
});

describe('HTML escaping', () => {
  it('any string interpolated into a page comes out as text: no tag, attribute or entity of its own', () => {
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&lt;b&gt;', '</textarea><svg/onload=1>')), (value) => {
        const inText = html`<p>${value}</p>`.toString();
        const inAttribute = html`<a title="${value}">x</a>`.toString();
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(?:lt|gt|quot|#39|amp);/g, '')).not.toContain('&');
        expect(unescape(escaped)).toBe(value);
        expect(inText).toBe(`<p>${escaped}</p>`);
        expect(inAttribute).toBe(`<a title="${escaped}">x</a>`);
        // The views the site and its page scripts share (view-tree.ts) write text the same way.
        expect(renderViewHtml(el('p', { 'data-id': value }, value, [value])).value).toBe(`<p data-id="${escaped}">${escaped}${escaped}</p>`);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
