/**
 * readCityYears: a release's commitments one city-year at a time, as a release reads its
 * previous one. The groups are what readDataset reads, cut by city-year, through either
 * kind of store and either layout; a release that breaks the order, repeats an id, breaks a
 * record or its digest is refused as corrupt.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cityKey } from '../../pipeline/domain/dataset.ts';
import { diffDatasets } from '../../pipeline/diff/diff-datasets.ts';
import { readCityYears, readDataset } from '../../pipeline/release-format/read-release.ts';
import { diffFromRelease } from '../../pipeline/release.ts';
import type { ReleaseSource } from '../../pipeline/release-format/release-files.ts';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { LocalStore } from '../../pipeline/store/local-store.ts';
import { cli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeWorkspace } from '../support/workspace.ts';

let published: string;

beforeAll(async () => {
  const dir = await makeWorkspace();
  const run = await cli(dir, ['release', '--quiet']);
  expect(run.code).toBe(0);
  published = path.join(dir, 'dist', 'releases');
}, 60_000);

/** A copy of the published store whose v1.0.0/commitments.json is `edit`ed, SHA256SUMS made to match unless `keepSums`. */
async function storeAt(edit: (text: string) => string, keepSums = false): Promise<string> {
  const root = path.join(await makeTempDir(), 'releases');
  await cp(published, root, { recursive: true });
  const file = path.join(root, 'v1.0.0', 'commitments.json');
  const text = edit(await readFile(file, 'utf8'));
  await writeFile(file, text);
  if (!keepSums) {
    const sums = path.join(root, 'v1.0.0', 'SHA256SUMS');
    const digest = createHash('sha256').update(text).digest('hex');
    await writeFile(sums, (await readFile(sums, 'utf8')).replace(/^[0-9a-f]{64}(  commitments\.json)$/m, `${digest}$1`));
  }
  return root;
}

const storeWith = async (edit: (text: string) => string): Promise<LocalStore> => new LocalStore(await storeAt(edit));

async function groupsOf(store: ReleaseSource): Promise<{ groups: CommitmentRecord[][]; rest: Awaited<ReturnType<typeof readCityYears>> }> {
  const groups: CommitmentRecord[][] = [];
  const rest = await readCityYears(store, '1.0.0', (records) => groups.push(records));
  return { groups, rest };
}

/** The record lines of a commitments.json (one record per line, each starting with four spaces and `{`). */
const recordLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('    {'));

describe('readCityYears', () => {
  it('gives every record of readDataset once, one city-year per group, in file order', async () => {
    const store = new LocalStore(published);
    const whole = await readDataset(store, '1.0.0');
    const { groups, rest } = await groupsOf(store);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat()).toEqual(whole.records);
    for (const g of groups) expect(new Set(g.map((r) => cityKey(r.year, r.cityCode))).size).toBe(1);
    expect(new Set(groups.map((g) => cityKey(g[0]!.year, g[0]!.cityCode))).size).toBe(groups.length);
    expect(rest).toEqual({ version: '1.0.0', cities: whole.cities, withdrawn: whole.withdrawn, recordCount: whole.records.length });
  });

  it('reads the same through a store that can only give whole files, and from another JSON layout', async () => {
    const local = new LocalStore(published);
    const expected = (await groupsOf(local)).groups;
    const wholeFiles: ReleaseSource = {
      description: 'a store of whole files',
      listVersions: () => local.listVersions(),
      readAsset: (version, name) => local.readAsset(version, name),
    };
    expect((await groupsOf(wholeFiles)).groups).toEqual(expected);
    const pretty = await storeWith((text) => `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect((await groupsOf(pretty)).groups).toEqual(expected);
  });

  it('refuses records out of year and city order', async () => {
    const store = await storeWith((text) => {
      const lines = recordLines(text);
      const last = lines[lines.length - 1]!;
      // The last record moved to the front (commas kept where they belong).
      return text.replace(lines[0]!, `${last.replace(/,?$/, ',')}\n${lines[0]!}`).replace(`,\n${last}`, '');
    });
    await expect(groupsOf(store)).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringMatching(/records are not sorted by year and city code/) });
  });

  it('refuses an id listed twice', async () => {
    const store = await storeWith((text) => {
      const [first, second] = recordLines(text);
      const id = (JSON.parse(first!.trim().replace(/,$/, '')) as CommitmentRecord).id;
      const otherId = (JSON.parse(second!.trim().replace(/,$/, '')) as CommitmentRecord).id;
      return text.replace(second!, second!.replace(JSON.stringify(otherId), JSON.stringify(id)));
    });
    await expect(groupsOf(store)).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringMatching(/id \S+ is listed twice/) });
  });

  it('refuses a record that breaks the schema, naming the file and the schema', async () => {
    const store = await storeWith((text) => {
      const lines = recordLines(text);
      const line = lines[Math.floor(lines.length / 2)]!;
      return text.replace(line, line.replace(/"seq":\d+/, '"seq":"seven"'));
    });
    await expect(groupsOf(store)).rejects.toMatchObject({
      code: 'E_STORE_CORRUPT',
      message: expect.stringMatching(/v1\.0\.0\/commitments\.json \(local store .*\) does not match schemas\/commitments\.schema\.json/),
    });
  });

  it('refuses a file that breaks off its layout after some records were given', async () => {
    const store = await storeWith((text) => {
      const lines = recordLines(text);
      const [a, b] = [lines[3]!, lines[4]!];
      return text.replace(`${a}\n${b}`, `${a} ${b.trim()}`); // two records on one line
    });
    await expect(groupsOf(store)).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringMatching(/breaks off its one-record-per-line layout/) });
  });

  it('checks the digest once the file is read: an edited record makes the read fail, and a release on top publishes nothing', async () => {
    const root = await storeAt((text) => text.replace(/"text":"(.)/, '"text":"改$1'), true);
    await expect(groupsOf(new LocalStore(root))).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringMatching(/commitments\.json .* does not match SHA256SUMS: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/) });
    const dir = await makeWorkspace();
    await cp(root, path.join(dir, 'dist', 'releases'), { recursive: true });
    const run = await cli(dir, ['release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_STORE_CORRUPT: v1\.0\.0\/commitments\.json .* does not match SHA256SUMS/);
    expect(await new LocalStore(path.join(dir, 'dist', 'releases')).listVersions()).toEqual(['1.0.0']);
  }, 60_000);

  it('diffFromRelease (the older side streamed, as `diff --from` reads it) gives what diffDatasets gives on the whole', async () => {
    const store = new LocalStore(published);
    const before = await readDataset(store, '1.0.0');
    const [first, second, third, ...rest] = before.records;
    const after = {
      records: [{ ...first!, text: `${first!.text}（修订）` }, { ...second!, seq: second!.seq + 100 }, ...rest, { ...third!, id: '2099-370100-001', year: 2099 }],
      cities: before.cities.slice(1),
    };
    const streamed = await diffFromRelease(store, '1.0.0', after);
    const whole = diffDatasets(before, after);
    expect(streamed.diff).toEqual(whole);
    expect(whole.summary).toMatchObject({ added: 1, removed: 1, modified: 2, renumbered: 1 });
    expect(streamed.before).toMatchObject({ version: '1.0.0', cities: before.cities });
  });
});
