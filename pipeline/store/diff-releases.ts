/**
 * The diff between two published releases without parsing what did not change. Both
 * commitments.json files hold one record per line, so records whose lines are
 * byte-identical are equal and skipped; only the changed, added and removed lines are
 * parsed and checked against the record schema. Both files' digests are checked against
 * their SHA256SUMS first. Any other layout falls back to reading both datasets whole.
 */
import type { Dataset, MatchKind } from '../domain/dataset.ts';
import { diffDatasets, type DatasetDiff, type Renumbered } from '../diff/diff-datasets.ts';
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
  /** Where each record line starts (after the indent) and ends (before the comma). */
  readonly starts: number[];
  readonly ends: number[];
  /** Where each line's id ends (it starts at a fixed offset after the line start). */
  readonly idEnds: number[];
  /** A 32-bit hash of each id's bytes, to match ids without making strings of them. */
  readonly idHashes: Int32Array;
}

const RECORD_PREFIX = Buffer.from('    {"id":"');
/** From a line's start (after the indent) to its id. */
const ID_OFFSET = RECORD_PREFIX.length - 4;

/** FNV-1a over a byte range. */
function hashBytes(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/**
 * Finds the record lines of a commitments.json in line layout without decoding them
 * (ids are hashed, not read), or null for another layout.
 */
export function recordLinesOf(input: Uint8Array): (RecordLines & { readonly ids: string[] }) | null {
  const lines = scanRecordLines(input);
  if (!lines) return null;
  // The ids as strings, for callers that want them (tests); the diff below never does.
  return { ...lines, ids: lines.starts.map((s, i) => lines.bytes.toString('latin1', s + ID_OFFSET, lines.idEnds[i]!)) };
}

function scanRecordLines(input: Uint8Array): RecordLines | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const starts: number[] = [];
  const ends: number[] = [];
  const idEnds: number[] = [];
  const hashes: number[] = [];
  const done = (version: string | null): RecordLines | null =>
    version === null ? null : { version, bytes, starts, ends, idEnds, idHashes: Int32Array.from(hashes) };
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
        idEnds.push(idEnd);
        hashes.push(hashBytes(bytes, idStart, idEnd));
        starts.push(start + 4);
        ends.push(bytes[end - 1] === 0x2c ? end - 1 : end); // without the indent and the comma
        continue;
      }
      const line = bytes.toString('utf8', start, end);
      if (line === '  ],' || line === '  ]') return done(version);
      return null;
    }
    if (end - start > 200) return null; // the head's lines are short
    const line = bytes.toString('utf8', start, end);
    const v = /^  "version": "([0-9.]+)",$/.exec(line);
    if (v) version = v[1]!;
    else if (line === '  "records": [') inRecords = true;
    else if (line === '  "records": [],') return done(version);
  }
  return null;
}

const SEQ_KEY = Buffer.from(',"seq":');
const YEAR_KEY = Buffer.from(',"year":');
const CITY_CODE_KEY = Buffer.from(',"cityCode":"');

/** Where line i's seq digits lie, or null. (`,"seq":` cannot occur inside a JSON string: its quote would be escaped.) */
function seqDigits(lines: RecordLines, i: number): { start: number; end: number } | null {
  const { bytes } = lines;
  const at = bytes.indexOf(SEQ_KEY, lines.idEnds[i]!);
  if (at === -1 || at >= lines.ends[i]!) return null;
  const start = at + SEQ_KEY.length;
  let end = start;
  while (bytes[end]! >= 0x30 && bytes[end]! <= 0x39) end++;
  return end > start && end - start <= 15 ? { start, end } : null;
}

/** The number written in ASCII digits at [start, end). */
function digitsValue(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + bytes[i]! - 0x30;
  return n;
}

/**
 * When line i of `after` and line j of `before` differ only in their seq digits, the
 * renumbering (read from the bytes, nothing parsed); otherwise null.
 */
function onlySeqDiffers(before: RecordLines, j: number, after: RecordLines, i: number): Renumbered | null {
  const a = seqDigits(before, j);
  const b = seqDigits(after, i);
  if (!a || !b) return null;
  const [bs, as] = [before.starts[j]!, after.starts[i]!];
  if (a.start - bs !== b.start - as) return null;
  const prefixSame = after.bytes.compare(before.bytes, bs, a.start, as, b.start) === 0;
  if (!prefixSame || after.bytes.compare(before.bytes, a.end, before.ends[j]!, b.end, after.ends[i]!) !== 0) return null;
  const { bytes } = after;
  const yearAt = bytes.indexOf(YEAR_KEY, after.idEnds[i]!);
  const codeAt = bytes.indexOf(CITY_CODE_KEY, after.idEnds[i]!);
  if (yearAt === -1 || codeAt === -1 || yearAt > b.start || codeAt > b.start) return null;
  let yearEnd = yearAt + YEAR_KEY.length;
  while (bytes[yearEnd]! >= 0x30 && bytes[yearEnd]! <= 0x39) yearEnd++;
  const codeStart = codeAt + CITY_CODE_KEY.length;
  const codeEnd = bytes.indexOf(0x22, codeStart);
  return {
    id: bytes.toString('latin1', as + ID_OFFSET, after.idEnds[i]!),
    year: digitsValue(bytes, yearAt + YEAR_KEY.length, yearEnd),
    cityCode: bytes.toString('latin1', codeStart, codeEnd),
    before: digitsValue(before.bytes, a.start, a.end),
    after: digitsValue(bytes, b.start, b.end),
  };
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
export interface DiffReleasesOptions {
  /**
   * Parse the records of renumbered commitments too (default true): the text and Markdown
   * renderings show each one's record. JSON output needs only the change, so a
   * commitment whose line differs only in its seq is then never decoded.
   */
  readonly parseRenumbered?: boolean;
}

export async function diffReleases(
  store: ReleaseStore,
  from: string,
  to: string,
  matchedBy?: ReadonlyMap<string, MatchKind>,
  options: DiffReleasesOptions = { parseRenumbered: true },
): Promise<ReleasesDiff> {
  const [oldCities, newCities] = await Promise.all([
    readJsonAsset<CitiesFile>(store, from, ASSET.citiesJson, 'cities.schema.json'),
    readJsonAsset<CitiesFile>(store, to, ASSET.citiesJson, 'cities.schema.json'),
  ]);
  const oldLines = scanRecordLines(await readCheckedCommitments(store, from));
  const newLines = scanRecordLines(await readCheckedCommitments(store, to));
  if (!oldLines || !newLines || oldLines.version !== from || newLines.version !== to) {
    const [before, after] = [await readDataset(store, from), await readDataset(store, to)];
    return { diff: diffDatasets(before, after, matchedBy), before, after, total: after.records.length };
  }
  // Records whose lines are byte-identical are equal, and lines that differ only in their seq
  // digits are renumberings: both are found by comparing bytes. Only the rest is parsed.
  const oldByHash = new Map<number, number | number[]>();
  oldLines.idHashes.forEach((h, j) => {
    const there = oldByHash.get(h);
    if (there === undefined) oldByHash.set(h, j);
    else if (typeof there === 'number') oldByHash.set(h, [there, j]);
    else there.push(j);
  });
  const sameId = (j: number, i: number): boolean =>
    oldLines.idEnds[j]! - oldLines.starts[j]! === newLines.idEnds[i]! - newLines.starts[i]! &&
    newLines.bytes.compare(oldLines.bytes, oldLines.starts[j]!, oldLines.idEnds[j]!, newLines.starts[i]!, newLines.idEnds[i]!) === 0;
  const oldMatched = new Uint8Array(oldLines.starts.length);
  const changedBefore: CommitmentRecord[] = [];
  const changedAfter: CommitmentRecord[] = [];
  const renumbered: Renumbered[] = [];
  const oldWhere = `v${from}/${ASSET.commitmentsJson}`;
  const newWhere = `v${to}/${ASSET.commitmentsJson}`;
  for (let i = 0; i < newLines.starts.length; i++) {
    const candidates = oldByHash.get(newLines.idHashes[i]!);
    let j = -1;
    if (typeof candidates === 'number') j = sameId(candidates, i) ? candidates : -1;
    else if (candidates) j = candidates.find((c) => sameId(c, i)) ?? -1;
    if (j >= 0) {
      if (oldMatched[j]) throw new PipelineError('E_STORE_CORRUPT', `${newWhere}: an id appears twice in v${from}`);
      oldMatched[j] = 1;
      const same = newLines.bytes.compare(oldLines.bytes, oldLines.starts[j]!, oldLines.ends[j]!, newLines.starts[i]!, newLines.ends[i]!) === 0;
      if (same) continue;
      const seqOnly = options.parseRenumbered === false ? onlySeqDiffers(oldLines, j, newLines, i) : null;
      if (seqOnly) {
        renumbered.push(seqOnly);
        continue;
      }
      changedBefore.push(parseRecord(lineText(oldLines, j), oldWhere));
    }
    changedAfter.push(parseRecord(lineText(newLines, i), newWhere));
  }
  oldMatched.forEach((m, j) => {
    if (!m) changedBefore.push(parseRecord(lineText(oldLines, j), oldWhere));
  });
  const diff = diffDatasets({ records: changedBefore, cities: oldCities.cities }, { records: changedAfter, cities: newCities.cities }, matchedBy, renumbered);
  return {
    diff,
    before: { version: from, cities: oldCities.cities },
    after: { version: to, cities: newCities.cities, records: changedAfter },
    total: newLines.starts.length,
  };
}
