/**
 * Reading a published release back through a store, as untrusted input: every file's
 * digest against SHA256SUMS, every JSON file against its published schema.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Dataset } from '../domain/dataset.ts';
import { StringPool } from '../domain/intern.ts';
import { PipelineError } from '../errors.ts';
import { checkAgainstSchema, describeSchemaErrors } from '../schemas/ajv.ts';
import type { SchemaFileName } from '../schemas/registry.ts';
import { ChangesFileSchema, type ChangesFile, type CitiesFile, type CommitmentRecord, type CommitmentsFile } from '../schemas/release.ts';
import { parseSha256Sums, sha256Hex } from './checksums.ts';
import { parseLineJson, parseLineJsonHead, readLineJsonStream, type LineJsonItems } from './line-json.ts';
import { ASSET } from './names.ts';
import type { ReleaseSource } from './release-files.ts';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An asset of a version the store lists: missing means the release is broken, not absent. */
async function readListedAsset(store: ReleaseSource, version: string, name: string): Promise<Uint8Array> {
  try {
    return await store.readAsset(version, name);
  } catch (err) {
    if (err instanceof PipelineError && err.code === 'E_NOT_FOUND' && (await store.listVersions()).includes(version)) {
      throw new PipelineError('E_STORE_CORRUPT', `v${version} is published but ${name} is missing (${store.description})`, [], { cause: err });
    }
    throw err;
  }
}

/** A stream of an asset of a version the store lists (see readListedAsset). */
async function openListedAsset(store: ReleaseSource, version: string, name: string): Promise<AsyncIterable<Buffer>> {
  try {
    return await store.openAsset!(version, name);
  } catch (err) {
    if (err instanceof PipelineError && err.code === 'E_NOT_FOUND' && (await store.listVersions()).includes(version)) {
      throw new PipelineError('E_STORE_CORRUPT', `v${version} is published but ${name} is missing (${store.description})`, [], { cause: err });
    }
    throw err;
  }
}

/** SHA256SUMS of a published release, parsed. */
export async function readSums(store: ReleaseSource, version: string): Promise<Map<string, string>> {
  const bytes = await readListedAsset(store, version, ASSET.sums);
  const sums = parseSha256Sums(decoder.decode(bytes));
  if (!sums) throw new PipelineError('E_STORE_CORRUPT', `v${version}: ${ASSET.sums} is malformed (${store.description})`);
  return sums;
}

/**
 * Reads one JSON asset of a release as untrusted input: its digest must match
 * SHA256SUMS, it must parse, and it must validate against its published schema.
 */
export async function readJsonAsset<T>(
  store: ReleaseSource,
  version: string,
  name: string,
  schema: SchemaFileName,
  sums?: Map<string, string>,
): Promise<T> {
  const value = await readVerifiedJson(store, version, name, sums ?? (await readSums(store, version)));
  checkValue(value, schema, `v${version}/${name} (${store.description})`);
  return value as T; // proven by the schema check
}

/** Throws E_STORE_CORRUPT, saying where, when `value` does not match `schema`. */
function checkValue(value: unknown, schema: SchemaFileName, where: string): void {
  const errors = checkAgainstSchema(schema, value);
  if (errors.length > 0) throw new PipelineError('E_STORE_CORRUPT', `${where} does not match schemas/${schema}: ${describeSchemaErrors(errors)}`);
}

/**
 * One JSON asset of a release, parsed, its digest checked against `sums`. A store that can
 * stream (a local file) is read line by line, so the text never exists whole; its digest is
 * known once the last line is read. `items` hands the elements of those arrays over as they
 * are read (see LineJsonItems); a file that leaves the line layout after handing some over is
 * corrupt, one in another layout from the start is parsed whole and handed nothing.
 */
async function readVerifiedJson(store: ReleaseSource, version: string, name: string, sums: Map<string, string>, items?: LineJsonItems): Promise<unknown> {
  const expected = sums.get(name);
  const where = `v${version}/${name} (${store.description})`;
  if (!expected) throw new PipelineError('E_STORE_CORRUPT', `${where} is not listed in ${ASSET.sums}`);
  const verify = (actual: string): void => {
    if (actual !== expected) throw new PipelineError('E_STORE_CORRUPT', `${where} does not match ${ASSET.sums}: sha256 ${actual}, expected ${expected}`);
  };
  let handed = false;
  const counted: LineJsonItems | undefined = items && {
    arrays: items.arrays,
    onItem: (array, item, members) => {
      handed = true;
      items.onItem(array, item, members);
    },
  };
  const notLineLayout = (): void => {
    if (handed) throw new PipelineError('E_STORE_CORRUPT', `${where} breaks off its one-record-per-line layout`);
  };

  if (store.openAsset) {
    const streamed = await readLineJsonStream(await openListedAsset(store, version, name), counted);
    if (streamed) {
      verify(streamed.sha256);
      return streamed.value;
    }
    notLineLayout();
  }
  const bytes = await readListedAsset(store, version, name);
  verify(sha256Hex(bytes));
  if (!store.openAsset) {
    const value = parseLineJson(bytes, counted);
    if (value !== null) return value;
    notLineLayout();
  }
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw new PipelineError('E_STORE_CORRUPT', `${where} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Shares a freshly parsed record's repeated strings through `pool`, in place. */
function internRecord(pool: StringPool, r: CommitmentRecord): void {
  r.city = pool.intern(r.city);
  r.cityCode = pool.intern(r.cityCode);
  r.citySlug = pool.intern(r.citySlug);
  r.deadline = pool.intern(r.deadline);
  if (r.due !== null) r.due = pool.intern(r.due);
  r.responsible = pool.internAll(r.responsible);
  if (r.targets) pool.internTargets(r.targets);
}

/** The cities.json of a release, checked, and that both files are of `version`. */
async function readCities(store: ReleaseSource, version: string, sums: Map<string, string>, commitmentsVersion: string): Promise<CitiesFile> {
  const cities = await readJsonAsset<CitiesFile>(store, version, ASSET.citiesJson, 'cities.schema.json', sums);
  if (commitmentsVersion !== version || cities.version !== version) {
    throw new PipelineError('E_STORE_CORRUPT', `v${version}: its assets say version ${commitmentsVersion}/${cities.version}`);
  }
  return cities;
}

/** The dataset of a published release (records, cities, withdrawn ids), checked. */
export async function readDataset(store: ReleaseSource, version: string): Promise<Dataset> {
  const sums = await readSums(store, version);
  const commitments = await readJsonAsset<CommitmentsFile>(store, version, ASSET.commitmentsJson, 'commitments.schema.json', sums);
  const cities = await readCities(store, version, sums, commitments.version);
  // The records were just parsed for this call alone: share their repeated strings in place.
  const pool = new StringPool();
  for (const r of commitments.records) internRecord(pool, r);
  return { version, records: commitments.records, cities: cities.cities, withdrawn: commitments.withdrawn };
}

/** What readCityYears gives once the whole release is read: all but the records. */
export type ReleaseWithoutRecords = Omit<Dataset, 'records'> & { readonly version: string; readonly recordCount: number };

/**
 * Reads a release's commitments one city-year at a time, for a caller that needs them
 * only group by group: `onGroup` gets each city-year's records (sorted by seq, checked
 * against the schema, their strings shared) and they can be let go after it returns, so
 * a million records never exist at once. The file lists them sorted by year and city code
 * (docs/data-contract.md); a release whose records are out of that order or repeat an id
 * is refused as corrupt. The digest is checked once the whole file is read: a caller that
 * acts on the groups must not publish before this resolves.
 */
export async function readCityYears(
  store: ReleaseSource,
  version: string,
  onGroup: (records: CommitmentRecord[]) => void,
): Promise<ReleaseWithoutRecords> {
  const sums = await readSums(store, version);
  const where = `v${version}/${ASSET.commitmentsJson} (${store.description})`;
  const pool = new StringPool();
  const ids = new Set<string>();
  let group: CommitmentRecord[] = [];
  let lastKey: { year: number; code: string } | null = null;
  const flush = (members: Readonly<Record<string, unknown>>): void => {
    if (group.length === 0) return;
    checkValue({ ...members, records: group, withdrawn: [] }, 'commitments.schema.json', where); // the group, with the members read before it
    for (const r of group) internRecord(pool, r);
    const records = group;
    group = [];
    onGroup(records);
  };
  const take = (item: unknown, members: Readonly<Record<string, unknown>>): void => {
    const r = item as CommitmentRecord; // checked with its group, before anyone sees it
    if (lastKey && r !== null && typeof r === 'object' && (r.year !== lastKey.year || r.cityCode !== lastKey.code)) {
      if (r.year < lastKey.year || (r.year === lastKey.year && r.cityCode < lastKey.code)) {
        throw new PipelineError('E_STORE_CORRUPT', `${where}: its records are not sorted by year and city code (${r.year} ${r.cityCode} after ${lastKey.year} ${lastKey.code})`);
      }
      flush(members);
    }
    if (r !== null && typeof r === 'object') {
      if (ids.has(r.id)) throw new PipelineError('E_STORE_CORRUPT', `${where}: id ${r.id} is listed twice`);
      ids.add(r.id);
      lastKey = { year: r.year, code: r.cityCode };
    }
    group.push(r);
  };

  const value = await readVerifiedJson(store, version, ASSET.commitmentsJson, sums, { arrays: new Set(['records']), onItem: (_array, item, members) => take(item, members) });
  const whole = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (ids.size === 0 && group.length === 0 && Array.isArray(whole.records)) {
    // Another layout, parsed whole: its records go through the same groups.
    const records = whole.records as unknown[];
    whole.records = [];
    for (const r of records) take(r, whole);
  }
  flush(whole);
  checkValue(value, 'commitments.schema.json', where); // the rest of the file (its records were checked group by group)
  const file = value as CommitmentsFile;
  const cities = await readCities(store, version, sums, file.version);
  return { version, cities: cities.cities, withdrawn: file.withdrawn, recordCount: ids.size };
}

/** The members of changes.json before its list of changes. */
const ChangesHeadSchema = ChangesFileSchema.omit({ changes: true });
export type ChangesHead = z.infer<typeof ChangesHeadSchema>;
/** How much of the file's start is kept to read its head from (the head is a few hundred bytes). */
const HEAD_BYTES = 1 << 16;

/**
 * The head of a release's changes.json (from, to, bump, source, summary) without parsing its
 * list of changes: the whole file is still hashed and checked against SHA256SUMS, the head
 * against the schema.
 */
export async function readChangesHead(store: ReleaseSource, version: string): Promise<ChangesHead> {
  const sums = await readSums(store, version);
  const where = `v${version}/${ASSET.changesJson} (${store.description})`;
  const expected = sums.get(ASSET.changesJson);
  if (!expected) throw new PipelineError('E_STORE_CORRUPT', `${where} is not listed in ${ASSET.sums}`);
  const hash = createHash('sha256');
  const start: Buffer[] = [];
  let kept = 0;
  const take = (chunk: Uint8Array): void => {
    hash.update(chunk);
    if (kept < HEAD_BYTES) {
      start.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - kept)));
      kept += Math.min(chunk.length, HEAD_BYTES - kept);
    }
  };
  if (store.openAsset) for await (const chunk of await openListedAsset(store, version, ASSET.changesJson)) take(chunk);
  else take(await readListedAsset(store, version, ASSET.changesJson));
  const actual = hash.digest('hex');
  if (actual !== expected) throw new PipelineError('E_STORE_CORRUPT', `${where} does not match ${ASSET.sums}: sha256 ${actual}, expected ${expected}`);
  const head = ChangesHeadSchema.safeParse(parseLineJsonHead(Buffer.concat(start)));
  if (head.success) return head.data;
  // Another layout, or a head this reader does not know: read it whole (and say what is wrong).
  const { changes: _changes, ...rest } = await readChanges(store, version);
  return rest;
}

/** The changes.json of a published release, checked. */
export async function readChanges(store: ReleaseSource, version: string): Promise<ChangesFile> {
  return readJsonAsset<ChangesFile>(store, version, ASSET.changesJson, 'changes.schema.json');
}
