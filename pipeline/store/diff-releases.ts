/**
 * The diff between two published releases without parsing what did not change. Both
 * commitments.json files hold one record per line, so records whose lines are
 * byte-identical are equal and skipped; only the changed, added and removed lines are
 * parsed and checked against the record schema. Both files' digests are checked against
 * their SHA256SUMS first. Any other layout falls back to reading both datasets whole.
 */
import type { Dataset, MatchKind } from '../domain/dataset.ts';
import { diffDatasets, type DatasetDiff } from '../diff/diff-datasets.ts';
import { PipelineError } from '../errors.ts';
import { checkRecord, describeSchemaErrors } from '../schemas/ajv.ts';
import type { CitiesFile, CommitmentRecord } from '../schemas/release.ts';
import { sha256Hex } from '../render/checksums.ts';
import { ASSET } from '../render/names.ts';
import { readDataset, readJsonAsset, readSums } from './read-release.ts';
import type { ReleaseStore } from './store.ts';

export interface ReleasesDiff {
  readonly diff: DatasetDiff;
  readonly before: Pick<Dataset, 'version' | 'cities'>;
  /** The later release's cities, and its records that changed (all of them on the fallback path). */
  readonly after: Pick<Dataset, 'version' | 'cities' | 'records'>;
  /** How many records the later release holds. */
  readonly total: number;
}

/** Where each record's line lies in a commitments.json in line layout (byte offsets). */
interface RecordLines {
  readonly version: string;
  readonly bytes: Buffer;
  readonly ids: string[];
  readonly starts: number[];
  readonly ends: number[];
}

const RECORD_PREFIX = Buffer.from('    {"id":"');

/**
 * Finds the record lines of a commitments.json in line layout without decoding them
 * (only the ASCII ids are read), or null for another layout.
 */
export function recordLinesOf(input: Uint8Array): RecordLines | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const lines: RecordLines = { version: '', bytes, ids: [], starts: [], ends: [] };
  let version: string | null = null;
  let inRecords = false;
  let pos = 0;
  while (pos < bytes.length) {
    let end = bytes.indexOf(10, pos);
    if (end === -1) end = bytes.length;
    const start = pos;
    pos = end + 1;
    if (inRecords) {
      if (bytes.compare(RECORD_PREFIX, 0, RECORD_PREFIX.length, start, start + RECORD_PREFIX.length) === 0) {
        const idStart = start + RECORD_PREFIX.length;
        const idEnd = bytes.indexOf(0x22, idStart);
        if (idEnd === -1 || idEnd > end) return null;
        lines.ids.push(bytes.toString('latin1', idStart, idEnd));
        lines.starts.push(start + 4);
        lines.ends.push(bytes[end - 1] === 0x2c ? end - 1 : end); // without the indent and the comma
        continue;
      }
      const line = bytes.toString('utf8', start, end);
      if (line === '  ],' || line === '  ]') return version === null ? null : { ...lines, version };
      return null;
    }
    if (end - start > 200) return null; // the head's lines are short
    const line = bytes.toString('utf8', start, end);
    const v = /^  "version": "([0-9.]+)",$/.exec(line);
    if (v) version = v[1]!;
    else if (line === '  "records": [') inRecords = true;
    else if (line === '  "records": [],') return version === null ? null : { ...lines, version };
  }
  return null;
}

/** The decoded text of record line `i`. */
const lineText = (lines: RecordLines, i: number): string => lines.bytes.toString('utf8', lines.starts[i]!, lines.ends[i]!);

function parseRecord(line: string, where: string): CommitmentRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new PipelineError('E_STORE_CORRUPT', `${where}: a record line is not valid JSON: ${(err as Error).message}`);
  }
  const errors = checkRecord(value);
  if (errors.length > 0) throw new PipelineError('E_STORE_CORRUPT', `${where}: a record does not match the schema: ${describeSchemaErrors(errors)}`);
  return value as CommitmentRecord; // proven by the schema check
}

async function readCheckedCommitments(store: ReleaseStore, version: string): Promise<Uint8Array> {
  const sums = await readSums(store, version);
  const bytes = await store.readAsset(version, ASSET.commitmentsJson);
  const expected = sums.get(ASSET.commitmentsJson);
  if (!expected || sha256Hex(bytes) !== expected) {
    throw new PipelineError('E_STORE_CORRUPT', `v${version}/${ASSET.commitmentsJson} (${store.description}) does not match ${ASSET.sums}`);
  }
  return bytes;
}

/** The diff from release `from` to release `to`, as diffDatasets gives it. */
export async function diffReleases(store: ReleaseStore, from: string, to: string, matchedBy?: ReadonlyMap<string, MatchKind>): Promise<ReleasesDiff> {
  const [oldCities, newCities] = await Promise.all([
    readJsonAsset<CitiesFile>(store, from, ASSET.citiesJson, 'cities.schema.json'),
    readJsonAsset<CitiesFile>(store, to, ASSET.citiesJson, 'cities.schema.json'),
  ]);
  const oldLines = recordLinesOf(await readCheckedCommitments(store, from));
  const newLines = recordLinesOf(await readCheckedCommitments(store, to));
  if (!oldLines || !newLines || oldLines.version !== from || newLines.version !== to) {
    const [before, after] = [await readDataset(store, from), await readDataset(store, to)];
    return { diff: diffDatasets(before, after, matchedBy), before, after, total: after.records.length };
  }
  // Records whose lines are byte-identical are equal: compare bytes, parse only the rest.
  const unmatched = new Map(oldLines.ids.map((id, i) => [id, i]));
  const changedBefore: CommitmentRecord[] = [];
  const changedAfter: CommitmentRecord[] = [];
  const oldWhere = `v${from}/${ASSET.commitmentsJson}`;
  const newWhere = `v${to}/${ASSET.commitmentsJson}`;
  newLines.ids.forEach((id, i) => {
    const j = unmatched.get(id);
    unmatched.delete(id);
    const same =
      j !== undefined &&
      newLines.bytes.compare(oldLines.bytes, oldLines.starts[j]!, oldLines.ends[j]!, newLines.starts[i]!, newLines.ends[i]!) === 0;
    if (same) return;
    changedAfter.push(parseRecord(lineText(newLines, i), newWhere));
    if (j !== undefined) changedBefore.push(parseRecord(lineText(oldLines, j), oldWhere));
  });
  for (const j of unmatched.values()) changedBefore.push(parseRecord(lineText(oldLines, j), oldWhere));
  const diff = diffDatasets({ records: changedBefore, cities: oldCities.cities }, { records: changedAfter, cities: newCities.cities }, matchedBy);
  return {
    diff,
    before: { version: from, cities: oldCities.cities },
    after: { version: to, cities: newCities.cities, records: changedAfter },
    total: newLines.ids.length,
  };
}
