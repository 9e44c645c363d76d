/**
 * The diff between two published releases without parsing what did not change. Both
 * commitments.json files hold one record per line, so records whose lines are
 * byte-identical are equal and skipped, and lines that differ only in their seq digits
 * are renumberings; only the other changed, added and removed lines are parsed and
 * checked against the record schema. Both files' digests are checked against their
 * SHA256SUMS. From a local folder the two files are read side by side, one city-year
 * group at a time (records are sorted by year and city), so neither is held whole.
 * Any other layout falls back to reading both datasets whole.
 */
import type { Dataset, MatchKind } from '../domain/dataset.ts';
import { diffDatasets, type DatasetDiff, type Renumbered } from '../diff/diff-datasets.ts';
import { PipelineError } from '../errors.ts';
import { checkRecord, describeSchemaErrors } from '../schemas/ajv.ts';
import type { CitiesFile, CommitmentRecord } from '../schemas/release.ts';
import { sha256Hex } from '../render/checksums.ts';
import { ASSET } from '../render/names.ts';
import { LineFile } from './line-file.ts';
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

export interface DiffReleasesOptions {
  /**
   * Parse the records of renumbered commitments too (default true): the text and Markdown
   * renderings show each one's record. JSON output needs only the change, so a
   * commitment whose line differs only in its seq is then never decoded.
   */
  readonly parseRenumbered?: boolean;
}

/**
 * Record lines, each as a byte range of a buffer: one buffer for a whole file, or one per
 * line when a file is read a group at a time. Ranges exclude the indent and the comma.
 */
interface RecordLines {
  readonly bufs: Buffer[];
  readonly starts: number[];
  readonly ends: number[];
  /** Where each line's id ends (it starts ID_OFFSET bytes after the line's start). */
  readonly idEnds: number[];
  /** A 32-bit hash of each id's bytes, to match ids without making strings of them. */
  readonly idHashes: number[];
}

const RECORD_PREFIX = Buffer.from('    {"id":"');
const INDENT = 4;
/** From a line's start (after the indent) to its id. */
const ID_OFFSET = RECORD_PREFIX.length - INDENT;
const SEQ_KEY = Buffer.from(',"seq":');
const YEAR_KEY = Buffer.from(',"year":');
const CITY_CODE_KEY = Buffer.from(',"cityCode":"');

const emptyLines = (): RecordLines => ({ bufs: [], starts: [], ends: [], idEnds: [], idHashes: [] });

/** FNV-1a over a byte range. */
function hashBytes(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/**
 * Adds one record line (bytes [start, end) of `buf`, indent included) to `lines`; false
 * when it is not a record line of our layout.
 */
function addRecordLine(lines: RecordLines, buf: Buffer, start: number, end: number): boolean {
  if (end - start < RECORD_PREFIX.length || buf.compare(RECORD_PREFIX, 0, RECORD_PREFIX.length, start, start + RECORD_PREFIX.length) !== 0) return false;
  const idStart = start + RECORD_PREFIX.length;
  const idEnd = buf.indexOf(0x22, idStart);
  if (idEnd === -1 || idEnd > end) return false;
  lines.bufs.push(buf);
  lines.starts.push(start + INDENT);
  lines.ends.push(buf[end - 1] === 0x2c ? end - 1 : end);
  lines.idEnds.push(idEnd);
  lines.idHashes.push(hashBytes(buf, idStart, idEnd));
  return true;
}

/** The version of a head line `  "version": "x.y.z",`, or null. */
function versionOf(line: string): string | null {
  return /^ {2}"version": "([0-9.]+)",$/.exec(line)?.[1] ?? null;
}

/**
 * Finds the record lines of a commitments.json in line layout without decoding them
 * (ids are hashed, not read), or null for another layout.
 */
function scanRecordLines(input: Uint8Array): (RecordLines & { readonly version: string }) | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const lines = emptyLines();
  let version: string | null = null;
  let inRecords = false;
  let pos = 0;
  while (pos < bytes.length) {
    let end = bytes.indexOf(10, pos);
    if (end === -1) end = bytes.length;
    const start = pos;
    pos = end + 1;
    if (inRecords) {
      if (addRecordLine(lines, bytes, start, end)) continue;
      const line = bytes.toString('utf8', start, end);
      if (line === '  ],' || line === '  ]') return version === null ? null : { ...lines, version };
      return null;
    }
    if (end - start > 200) return null; // the head's lines are short
    const line = bytes.toString('utf8', start, end);
    version = versionOf(line) ?? version;
    if (line === '  "records": [') inRecords = true;
    else if (line === '  "records": [],') return version === null ? null : { ...lines, version };
  }
  return null;
}

/** The ids of a commitments.json in line layout, and where each record line lies (for tests and tools). */
export function recordLinesOf(input: Uint8Array): { version: string; ids: string[]; starts: number[]; ends: number[] } | null {
  const lines = scanRecordLines(input);
  if (!lines) return null;
  const ids = lines.starts.map((s, i) => lines.bufs[i]!.toString('latin1', s + ID_OFFSET, lines.idEnds[i]!));
  return { version: lines.version, ids, starts: lines.starts, ends: lines.ends };
}

/** Where line i's seq digits lie, or null. (`,"seq":` cannot occur inside a JSON string: its quote would be escaped.) */
function seqDigits(lines: RecordLines, i: number): { start: number; end: number } | null {
  const bytes = lines.bufs[i]!;
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

/** A record line's year and city code, read from its bytes (they precede the seq). */
function groupOf(buf: Buffer, start: number, end: number): { year: number; cityCode: string } | null {
  const yearAt = buf.indexOf(YEAR_KEY, start);
  const codeAt = buf.indexOf(CITY_CODE_KEY, start);
  if (yearAt === -1 || codeAt === -1 || yearAt >= end || codeAt >= end) return null;
  let yearEnd = yearAt + YEAR_KEY.length;
  while (buf[yearEnd]! >= 0x30 && buf[yearEnd]! <= 0x39) yearEnd++;
  const codeStart = codeAt + CITY_CODE_KEY.length;
  const codeEnd = buf.indexOf(0x22, codeStart);
  if (codeEnd === -1 || codeEnd >= end) return null;
  return { year: digitsValue(buf, yearAt + YEAR_KEY.length, yearEnd), cityCode: buf.toString('latin1', codeStart, codeEnd) };
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
  const [oldBuf, newBuf] = [before.bufs[j]!, after.bufs[i]!];
  if (a.start - bs !== b.start - as) return null;
  if (newBuf.compare(oldBuf, bs, a.start, as, b.start) !== 0 || newBuf.compare(oldBuf, a.end, before.ends[j]!, b.end, after.ends[i]!) !== 0) return null;
  const group = groupOf(newBuf, after.idEnds[i]!, b.start);
  if (!group) return null;
  return {
    id: newBuf.toString('latin1', as + ID_OFFSET, after.idEnds[i]!),
    ...group,
    before: digitsValue(oldBuf, a.start, a.end),
    after: digitsValue(newBuf, b.start, b.end),
  };
}

/** The decoded text of record line `i`. */
const lineText = (lines: RecordLines, i: number): string => lines.bufs[i]!.toString('utf8', lines.starts[i]!, lines.ends[i]!);

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

/** What the line comparison collects: the parsed records that changed, and the renumberings. */
interface Collected {
  readonly before: CommitmentRecord[];
  readonly after: CommitmentRecord[];
  readonly renumbered: Renumbered[];
}

/**
 * Compares two sets of record lines by id: byte-identical lines are skipped, seq-only
 * differences become renumberings (unless `parseRenumbered`), the rest is parsed.
 */
function compareLines(oldLines: RecordLines, newLines: RecordLines, out: Collected, where: { old: string; new: string }, parseRenumbered: boolean): void {
  const oldByHash = new Map<number, number | number[]>();
  oldLines.idHashes.forEach((h, j) => {
    const there = oldByHash.get(h);
    if (there === undefined) oldByHash.set(h, j);
    else if (typeof there === 'number') oldByHash.set(h, [there, j]);
    else there.push(j);
  });
  const sameId = (j: number, i: number): boolean =>
    oldLines.idEnds[j]! - oldLines.starts[j]! === newLines.idEnds[i]! - newLines.starts[i]! &&
    newLines.bufs[i]!.compare(oldLines.bufs[j]!, oldLines.starts[j]!, oldLines.idEnds[j]!, newLines.starts[i]!, newLines.idEnds[i]!) === 0;
  const oldMatched = new Uint8Array(oldLines.starts.length);
  for (let i = 0; i < newLines.starts.length; i++) {
    const candidates = oldByHash.get(newLines.idHashes[i]!);
    let j = -1;
    if (typeof candidates === 'number') j = sameId(candidates, i) ? candidates : -1;
    else if (candidates) j = candidates.find((c) => sameId(c, i)) ?? -1;
    if (j >= 0) {
      if (oldMatched[j]) throw new PipelineError('E_STORE_CORRUPT', `${where.new}: an id appears twice`);
      oldMatched[j] = 1;
      const same = newLines.bufs[i]!.compare(oldLines.bufs[j]!, oldLines.starts[j]!, oldLines.ends[j]!, newLines.starts[i]!, newLines.ends[i]!) === 0;
      if (same) continue;
      const seqOnly = parseRenumbered ? null : onlySeqDiffers(oldLines, j, newLines, i);
      if (seqOnly) {
        out.renumbered.push(seqOnly);
        continue;
      }
      out.before.push(parseRecord(lineText(oldLines, j), where.old));
    }
    out.after.push(parseRecord(lineText(newLines, i), where.new));
  }
  oldMatched.forEach((m, j) => {
    if (!m) out.before.push(parseRecord(lineText(oldLines, j), where.old));
  });
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

/** A commitments.json read line by line: its head, then its records one city-year group at a time. */
class GroupReader {
  private readonly file: LineFile;
  version: string | null = null;
  /** False once the layout turned out not to be ours. */
  ok = true;
  private pending: { buf: Buffer; key: string } | null = null;
  private done = false;
  count = 0;

  constructor(path: string) {
    this.file = new LineFile(path);
    for (let line = this.file.next(); line !== null; line = this.file.next()) {
      if (line.length > 200) break;
      const text = line.toString('utf8');
      this.version = versionOf(text) ?? this.version;
      if (text === '  "records": [') {
        this.advance();
        return;
      }
      if (text === '  "records": [],') {
        this.done = true;
        return;
      }
    }
    this.ok = false;
  }

  /** Reads the next record line into `pending` (null at the end of the records). */
  private advance(): void {
    const line = this.file.next();
    if (line === null) {
      this.ok = false;
      this.pending = null;
      return;
    }
    const text = line.length <= 4 ? line.toString('latin1') : '';
    if (text === '  ],' || text === '  ]') {
      this.pending = null;
      this.done = true;
      return;
    }
    const end = line[line.length - 1] === 0x2c ? line.length - 1 : line.length;
    const group = groupOf(line, 0, end);
    if (!group) {
      this.ok = false;
      this.pending = null;
      return;
    }
    this.pending = { buf: line, key: `${group.year}-${group.cityCode}` };
  }

  /** The key (year-cityCode) of the next group, or null when the records are done. */
  get nextKey(): string | null {
    return this.ok && !this.done && this.pending ? this.pending.key : null;
  }

  /** Reads every line of group `key` (none when the next group is another). */
  take(key: string): RecordLines {
    const lines = emptyLines();
    while (this.ok && this.pending && this.pending.key === key) {
      const { buf } = this.pending;
      // Lines are views of the file's 1 MB chunks, which go once their group is compared.
      if (!addRecordLine(lines, buf, 0, buf.length)) this.ok = false;
      this.count++;
      this.advance();
    }
    return lines;
  }

  /** Reads to the end; the sha256 of the whole file. */
  finish(): string {
    return this.file.finish();
  }

  close(): void {
    this.file.close();
  }
}

/**
 * The streaming diff of two local files, or null when either is not in our line layout
 * or its groups are not in order (the caller then reads both whole).
 */
async function diffFilesByGroup(
  store: ReleaseStore & { assetFile(version: string, name: string): Promise<string> },
  from: string,
  to: string,
  out: Collected,
  parseRenumbered: boolean,
): Promise<{ total: number } | null> {
  const [oldSums, newSums] = await Promise.all([readSums(store, from), readSums(store, to)]);
  const oldFile = new GroupReader(await store.assetFile(from, ASSET.commitmentsJson));
  let newFile: GroupReader | null = null;
  try {
    newFile = new GroupReader(await store.assetFile(to, ASSET.commitmentsJson));
    if (!oldFile.ok || !newFile.ok || oldFile.version !== from || newFile.version !== to) return null;
    const where = { old: `v${from}/${ASSET.commitmentsJson}`, new: `v${to}/${ASSET.commitmentsJson}` };
    let last = '';
    for (;;) {
      const [a, b] = [oldFile.nextKey, newFile.nextKey];
      if (a === null && b === null) break;
      // Keys compare as strings: a four-digit year and a six-digit code sort like the records.
      const key = a === null ? b! : b === null ? a : a < b ? a : b;
      if (key < last) return null; // not sorted: read whole instead
      last = key;
      compareLines(oldFile.take(key), newFile.take(key), out, where, parseRenumbered);
    }
    if (!oldFile.ok || !newFile.ok) return null;
    for (const [file, version, sums] of [[oldFile, from, oldSums], [newFile, to, newSums]] as const) {
      if (file.finish() !== sums.get(ASSET.commitmentsJson)) {
        throw new PipelineError('E_STORE_CORRUPT', `v${version}/${ASSET.commitmentsJson} (${store.description}) does not match ${ASSET.sums}`);
      }
    }
    return { total: newFile.count };
  } finally {
    oldFile.close();
    newFile?.close();
  }
}

/** The diff from release `from` to release `to`, as diffDatasets gives it. */
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
  const parseRenumbered = options.parseRenumbered !== false;
  const out: Collected = { before: [], after: [], renumbered: [] };
  let total: number | null = null;
  if (store.assetFile) {
    total = (await diffFilesByGroup(store as ReleaseStore & { assetFile: NonNullable<ReleaseStore['assetFile']> }, from, to, out, parseRenumbered))?.total ?? null;
  } else {
    const oldLines = scanRecordLines(await readCheckedCommitments(store, from));
    const newLines = scanRecordLines(await readCheckedCommitments(store, to));
    if (oldLines && newLines && oldLines.version === from && newLines.version === to) {
      compareLines(oldLines, newLines, out, { old: `v${from}/${ASSET.commitmentsJson}`, new: `v${to}/${ASSET.commitmentsJson}` }, parseRenumbered);
      total = newLines.starts.length;
    }
  }
  if (total === null) {
    const [before, after] = [await readDataset(store, from), await readDataset(store, to)];
    return { diff: diffDatasets(before, after, matchedBy), before, after, total: after.records.length };
  }
  const diff = diffDatasets({ records: out.before, cities: oldCities.cities }, { records: out.after, cities: newCities.cities }, matchedBy, out.renumbered);
  return {
    diff,
    before: { version: from, cities: oldCities.cities },
    after: { version: to, cities: newCities.cities, records: out.after },
    total,
  };
}
