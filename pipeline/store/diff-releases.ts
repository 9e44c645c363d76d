/**
 * The diff between two published releases without parsing what did not change. Both
 * commitments.json files hold one record per line, so records whose lines are
 * byte-identical are equal and skipped, and lines that differ only in their seq digits
 * and/or their text are read from their bytes (renumberings, rewordings); only the other
 * changed, added and removed lines are parsed and checked against the record schema.
 * Both files' digests are checked against their SHA256SUMS. From a local folder the two
 * files are read side by side, one city-year group at a time (records are sorted by year
 * and city), so neither is held whole. Any other layout falls back to reading both
 * datasets whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Dataset, MatchKind } from '../domain/dataset.ts';
import { diffChars } from '../diff/char-diff.mjs';
import { changesOf, diffDatasets, diffEntries, lineChange, LineChanges, RECORD_FIELDS, type CharDiff, type DatasetDiff, type DiffEntries, type Entry } from '../diff/diff-datasets.ts';
import { buildChangesFile } from '../render/render-assets.ts';
import { changeJson, renderChangesEntries, renderChangesJson as renderChangesJsonOf, renumberingJson } from '../render/render-json.ts';
import type { VersionPlan } from '../version/plan-version.ts';
import { PipelineError } from '../errors.ts';
import { checkRecord, describeSchemaErrors } from '../schemas/ajv.ts';
import type { CitiesFile, CommitmentRecord } from '../schemas/release.ts';
import { sha256Hex } from '../render/checksums.ts';
import { ASSET } from '../render/names.ts';
import { DiffHelper } from './diff-helper.ts';
import { readDataset, readJsonAsset, readSums } from './read-release.ts';
import type { ReleaseStore } from './store.ts';

export interface ReleasesDiff {
  /** The diff (made on first use from `entries`: JSON output needs only those). */
  readonly diff: DatasetDiff;
  /** The same diff with the changes read from bytes left as indices (see diffEntries). */
  readonly entries: DiffEntries;
  /** changes.json for `plan` and this diff: the bytes renderChangesJson(buildChangesFile(plan, diff)) gives. */
  renderChangesJson(plan: VersionPlan): Uint8Array;
  readonly before: Pick<Dataset, 'version' | 'cities'>;
  /** The later release's cities, and its records that changed (all of them on the fallback path). */
  readonly after: Pick<Dataset, 'version' | 'cities' | 'records'>;
  /** How many records the later release holds. */
  readonly total: number;
}

export interface DiffReleasesOptions {
  /**
   * Parse every changed record (default true): the text and Markdown renderings show each
   * one's record. JSON output needs only the change, so with false a commitment whose line
   * differs only in its seq and/or its text is read from its bytes and never parsed.
   */
  readonly parseAll?: boolean;
}

/**
 * Record lines of one buffer, as byte ranges in typed arrays (no object per line). Ranges
 * exclude the indent and the comma. Grows as lines are added; reset per city-year group.
 */
class LineIndex {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  starts = new Float64Array(256);
  ends = new Float64Array(256);
  /** Where each line's id ends (it starts ID_OFFSET bytes after the line's start). */
  idEnds = new Float64Array(256);
  /** A 32-bit hash of each id's bytes, to match ids without making strings of them. */
  idHashes = new Int32Array(256);

  push(start: number, end: number, idEnd: number, idHash: number): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.starts, this.ends, this.idEnds, this.idHashes] = [grow(this.starts), grow(this.ends), grow(this.idEnds), grow(this.idHashes)];
    }
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.idEnds[i] = idEnd;
    this.idHashes[i] = idHash;
  }

  /** Moves every range `delta` bytes towards the buffer's start (after the buffer was compacted). */
  shift(delta: number): void {
    for (let i = 0; i < this.count; i++) {
      this.starts[i] = this.starts[i]! - delta;
      this.ends[i] = this.ends[i]! - delta;
      this.idEnds[i] = this.idEnds[i]! - delta;
    }
  }
}

const RECORD_PREFIX = Buffer.from('    {"id":"');
const INDENT = 4;
/** From a line's start (after the indent) to its id. */
const ID_OFFSET = RECORD_PREFIX.length - INDENT;
const SEQ_KEY = Buffer.from(',"seq":');
/** What follows the seq digits in our layout. */
const TEXT_KEY = Buffer.from(',"text":"');
const YEAR_KEY = Buffer.from(',"year":');
const CITY_CODE_KEY = Buffer.from(',"cityCode":"');

/** What readRecordLine found (one scratch record: no object per line). */
const found = { idEnd: 0, hash: 0, lastDash: -1, end: 0 };

/**
 * Reads the record line at bytes [start, end) of `buf` (indent included, line break not)
 * into `found`: its id's end, the id's FNV-1a hash, where the id's last "-" is (ids are
 * year-cityCode-seq, so what precedes it names the line's city-year group) and its end
 * without the comma. False when it is not a record line of our layout.
 */
function readRecordLine(buf: Buffer, start: number, end: number): boolean {
  if (end - start <= RECORD_PREFIX.length) return false;
  for (let k = 0; k < RECORD_PREFIX.length; k++) if (buf[start + k] !== RECORD_PREFIX[k]) return false;
  let hash = 0x811c9dc5;
  let lastDash = -1;
  let p = start + RECORD_PREFIX.length;
  for (; p < end; p++) {
    const c = buf[p]!;
    if (c === 0x22) break;
    if (c === 0x2d) lastDash = p;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  if (p >= end) return false;
  found.idEnd = p;
  found.hash = hash;
  found.lastDash = lastDash;
  found.end = buf[end - 1] === 0x2c ? end - 1 : end;
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
function scanRecordLines(input: Uint8Array): (LineIndex & { readonly version: string }) | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const lines = new LineIndex();
  lines.buf = bytes;
  let version: string | null = null;
  let inRecords = false;
  let pos = 0;
  const done = (): (LineIndex & { readonly version: string }) | null => (version === null ? null : Object.assign(lines, { version }));
  while (pos < bytes.length) {
    let end = bytes.indexOf(10, pos);
    if (end === -1) end = bytes.length;
    const start = pos;
    pos = end + 1;
    if (inRecords) {
      if (readRecordLine(bytes, start, end)) {
        lines.push(start + INDENT, found.end, found.idEnd, found.hash);
        continue;
      }
      const text = bytes.toString('utf8', start, end);
      return text === '  ],' || text === '  ]' ? done() : null;
    }
    if (end - start > 200) return null; // the head's lines are short
    const text = bytes.toString('utf8', start, end);
    version = versionOf(text) ?? version;
    if (text === '  "records": [') inRecords = true;
    else if (text === '  "records": [],') return done();
  }
  return null;
}

/** The ids of a commitments.json in line layout, and where each record line lies (for tests and tools). */
export function recordLinesOf(input: Uint8Array): { version: string; ids: string[]; starts: number[]; ends: number[] } | null {
  const lines = scanRecordLines(input);
  if (!lines) return null;
  const ids: string[] = [];
  for (let i = 0; i < lines.count; i++) ids.push(lines.buf.toString('latin1', lines.starts[i]! + ID_OFFSET, lines.idEnds[i]!));
  return { version: lines.version, ids, starts: [...lines.starts.subarray(0, lines.count)], ends: [...lines.ends.subarray(0, lines.count)] };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

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
  while (isDigit(buf[yearEnd]!)) yearEnd++;
  const codeStart = codeAt + CITY_CODE_KEY.length;
  const codeEnd = buf.indexOf(0x22, codeStart);
  if (codeEnd === -1 || codeEnd >= end) return null;
  return { year: digitsValue(buf, yearAt + YEAR_KEY.length, yearEnd), cityCode: buf.toString('latin1', codeStart, codeEnd) };
}

/**
 * The group last read by groupOf, and the bytes it was read from (a line's bytes from its
 * id's end to its seq): consecutive renumberings share them, so the group is read once.
 */
let lastGroupBytes = Buffer.alloc(256);
let lastGroupLength = -1;
let lastGroup: { year: number; cityCode: string } | null = null;

function cachedGroupOf(buf: Buffer, start: number, end: number): { year: number; cityCode: string } | null {
  const length = end - start;
  if (length === lastGroupLength && sameBytes(buf, start, lastGroupBytes, 0, length)) return lastGroup;
  lastGroup = groupOf(buf, start, end);
  if (lastGroupBytes.length < length) lastGroupBytes = Buffer.alloc(length * 2);
  buf.copy(lastGroupBytes, 0, start, end);
  lastGroupLength = length;
  return lastGroup;
}

/** Where the JSON string whose contents start at `from` ends (its closing quote), or -1. */
function stringEnd(buf: Buffer, from: number, end: number): number {
  for (let q = buf.indexOf(0x22, from); q !== -1 && q < end; q = buf.indexOf(0x22, q + 1)) {
    let backslashes = 0;
    while (buf[q - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/** A JSON string literal's value, or null when it is not one. */
function decodeString(buf: Buffer, quote: number, closing: number): string | null {
  try {
    const value: unknown = JSON.parse(buf.toString('utf8', quote, closing + 1));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * When line i of `after` and line j of `before` differ only in their seq digits and/or
 * their text, adds that change, read from the bytes (nothing parsed), to `out` and
 * returns true; otherwise false (the caller parses both). The lines must agree up to the
 * seq's digits (after the first `,"seq":`, which cannot occur inside a JSON string: its
 * quote would be escaped), and either agree after them or both continue with `,"text":"`
 * and agree again from the text's closing quote to the end.
 */
function lineChangeOf(before: LineIndex, j: number, after: LineIndex, i: number, out: LineChanges): boolean {
  const oldBuf = before.buf;
  const newBuf = after.buf;
  const bs = before.starts[j]!;
  const as = after.starts[i]!;
  const be = before.ends[j]!;
  const ae = after.ends[i]!;
  // No array destructuring (its iterator protocol is slow until V8 optimises the
  // function). The long run after the seq is compared natively; the ~100 bytes before it
  // by a loop, which costs less than a call into Buffer.compare once it is optimised.
  const key = newBuf.indexOf(SEQ_KEY, after.idEnds[i]!);
  if (key === -1 || key + SEQ_KEY.length >= ae) return false;
  const digits = key + SEQ_KEY.length - as; // where the seq digits start, in both lines
  if (digits >= be - bs || !sameBytes(newBuf, as, oldBuf, bs, digits)) return false;
  let oldEnd = bs + digits;
  while (oldEnd < be && isDigit(oldBuf[oldEnd]!)) oldEnd++;
  let newEnd = as + digits;
  while (newEnd < ae && isDigit(newBuf[newEnd]!)) newEnd++;
  const oldDigits = oldEnd - bs - digits;
  const newDigits = newEnd - as - digits;
  if (oldDigits === 0 || newDigits === 0 || oldDigits > 15 || newDigits > 15) return false;
  const seqBefore = digitsValue(oldBuf, bs + digits, oldEnd);
  const seq = digitsValue(newBuf, as + digits, newEnd);
  let text: [string, string] | null = null;
  if (be - oldEnd !== ae - newEnd || newBuf.compare(oldBuf, oldEnd, be, newEnd, ae) !== 0) {
    // More than the seq differs: only the text may.
    if (!sameBytes(oldBuf, oldEnd, TEXT_KEY, 0, TEXT_KEY.length) || !sameBytes(newBuf, newEnd, TEXT_KEY, 0, TEXT_KEY.length)) return false;
    const oldQuote = oldEnd + TEXT_KEY.length - 1;
    const newQuote = newEnd + TEXT_KEY.length - 1;
    const oldClosing = stringEnd(oldBuf, oldQuote + 1, be);
    const newClosing = stringEnd(newBuf, newQuote + 1, ae);
    if (oldClosing === -1 || newClosing === -1) return false;
    if (be - oldClosing !== ae - newClosing || newBuf.compare(oldBuf, oldClosing, be, newClosing, ae) !== 0) return false;
    const a = decodeString(oldBuf, oldQuote, oldClosing);
    const b = decodeString(newBuf, newQuote, newClosing);
    if (a === null || b === null) return false;
    if (a !== b) text = [a, b];
  }
  if (seqBefore === seq && text === null) return false; // the bytes differ, not the values: parsed instead
  const group = cachedGroupOf(newBuf, after.idEnds[i]!, key);
  if (!group) return false;
  out.add(newBuf.toString('latin1', as + ID_OFFSET, after.idEnds[i]!), group.year, group.cityCode, seq, seqBefore === seq ? -1 : seqBefore, text);
  return true;
}

/** The decoded text of record line `i`. */
const lineText = (lines: LineIndex, i: number): string => lines.buf.toString('utf8', lines.starts[i]!, lines.ends[i]!);

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

/** What the line comparison collects: the parsed records that changed, and the changes read from bytes. */
interface Collected {
  readonly before: CommitmentRecord[];
  readonly after: CommitmentRecord[];
  readonly lines: LineChanges;
  /** Where the character diffs of changed fields are computed meanwhile (another thread). */
  helper?: DiffHelper;
}

/** Hands the string fields that differ between two versions of a record to the helper thread. */
function requestCharDiffs(helper: DiffHelper, before: CommitmentRecord, after: CommitmentRecord): void {
  for (const name of RECORD_FIELDS) {
    const a = before[name];
    const b = after[name];
    if (typeof a === 'string' && typeof b === 'string' && a !== b) helper.request(a, b);
  }
}

/** Whether `length` bytes of `a` from `i` equal those of `b` from `j` (for short runs, where a call into Buffer.compare costs more). */
function sameBytes(a: Buffer, i: number, b: Buffer, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** Scratch space of compareLines (synchronous, so one set serves every call). */
let slots = new Int32Array(256);
let oldMatched = new Uint8Array(256);
/** Pairs of lines (old, new) with one id whose bytes differ, and new lines without an old one. */
let differing = new Int32Array(256);
let added = new Int32Array(256);

function duplicateId(where: string): never {
  throw new PipelineError('E_STORE_CORRUPT', `${where}: an id appears twice`);
}

/**
 * Compares two sets of record lines by id: byte-identical lines are skipped, seq-only
 * and/or text differences are read from the bytes (unless `parseAll`), the rest is parsed. Old
 * lines are found by their id's hash in an open-addressing table (slot = line + 1).
 * This loop runs for every line, so it only sorts lines into typed arrays; what differs is
 * handled afterwards by collectChanges (kept apart, the loop stays small and is optimised
 * once, early).
 */
function compareLines(oldLines: LineIndex, newLines: LineIndex, out: Collected, where: { old: string; new: string }, parseAll: boolean): void {
  const oldBuf = oldLines.buf;
  const newBuf = newLines.buf;
  const oldCount = oldLines.count;
  const newCount = newLines.count;
  let size = slots.length;
  while (size < oldCount * 2) size *= 2;
  if (size !== slots.length) slots = new Int32Array(size);
  else slots.fill(0);
  if (oldMatched.length < oldCount) oldMatched = new Uint8Array(oldCount * 2);
  oldMatched.fill(0, 0, oldCount);
  if (differing.length < newCount * 2) differing = new Int32Array(newCount * 4);
  if (added.length < newCount) added = new Int32Array(newCount * 2);
  const mask = size - 1;
  const oldHashes = oldLines.idHashes;
  const oldStarts = oldLines.starts;
  const oldIdEnds = oldLines.idEnds;
  for (let j = 0; j < oldCount; j++) {
    let k = oldHashes[j]! & mask;
    while (slots[k] !== 0) k = (k + 1) & mask;
    slots[k] = j + 1;
  }
  let differingCount = 0;
  let addedCount = 0;
  for (let i = 0; i < newCount; i++) {
    const hash = newLines.idHashes[i]!;
    const ns = newLines.starts[i]!;
    const idLength = newLines.idEnds[i]! - ns;
    let j = -1;
    for (let k = hash & mask; slots[k] !== 0; k = (k + 1) & mask) {
      const c = slots[k]! - 1;
      if (oldHashes[c] === hash && oldIdEnds[c]! - oldStarts[c]! === idLength && sameBytes(oldBuf, oldStarts[c]! + ID_OFFSET, newBuf, ns + ID_OFFSET, idLength - ID_OFFSET)) {
        j = c;
        break;
      }
    }
    if (j < 0) {
      added[addedCount++] = i;
      continue;
    }
    if (oldMatched[j] !== 0) duplicateId(where.new);
    oldMatched[j] = 1;
    if (newBuf.compare(oldBuf, oldStarts[j]!, oldLines.ends[j]!, ns, newLines.ends[i]!) === 0) continue;
    differing[differingCount++] = j;
    differing[differingCount++] = i;
  }
  collectChanges(oldLines, newLines, differingCount, addedCount, out, where, parseAll);
}

/** The second half of compareLines: reads, or parses, the lines that differ. */
function collectChanges(
  oldLines: LineIndex,
  newLines: LineIndex,
  differingCount: number,
  addedCount: number,
  out: Collected,
  where: { old: string; new: string },
  parseAll: boolean,
): void {
  for (let p = 0; p < differingCount; p += 2) {
    const j = differing[p]!;
    const i = differing[p + 1]!;
    if (!parseAll && lineChangeOf(oldLines, j, newLines, i, out.lines)) {
      const text = out.lines.texts[out.lines.length - 1];
      if (text && out.helper) out.helper.request(text[0], text[1]);
      continue;
    }
    const before = parseRecord(lineText(oldLines, j), where.old);
    const after = parseRecord(lineText(newLines, i), where.new);
    out.before.push(before);
    out.after.push(after);
    if (out.helper) requestCharDiffs(out.helper, before, after);
  }
  for (let p = 0; p < addedCount; p++) out.after.push(parseRecord(lineText(newLines, added[p]!), where.new));
  for (let j = 0; j < oldLines.count; j++) if (oldMatched[j] === 0) out.before.push(parseRecord(lineText(oldLines, j), where.old));
}

/** Refuses a commitments.json whose digest is not the one its release's SHA256SUMS lists. */
function checkCommitmentsDigest(store: ReleaseStore, version: string, sums: ReadonlyMap<string, string>, digest: string): void {
  const expected = sums.get(ASSET.commitmentsJson);
  if (!expected || digest !== expected) {
    throw new PipelineError('E_STORE_CORRUPT', `v${version}/${ASSET.commitmentsJson} (${store.description}) does not match ${ASSET.sums}`);
  }
}

async function readCheckedCommitments(store: ReleaseStore, version: string, sums: ReadonlyMap<string, string>): Promise<Uint8Array> {
  const bytes = await store.readAsset(version, ASSET.commitmentsJson);
  checkCommitmentsDigest(store, version, sums, sha256Hex(bytes));
  return bytes;
}

/** Bytes of a commitments.json read at a time (the window grows if one group needs more). */
const WINDOW = 1 << 20;

/**
 * A commitments.json read through one reused window, a city-year group at a time: no
 * object per line, and memory stays at the window whatever the file's size. The group of a
 * line is its id up to the last "-" (year-cityCode); the caller checks the groups come in
 * order and reads the file whole otherwise.
 */
class RecordWindow {
  private buf = Buffer.allocUnsafe(WINDOW);
  /** Valid bytes in buf. */
  private end = 0;
  /** Where the next unread line starts. */
  private pos = 0;
  private filePosition = 0;
  private eof = false;
  /** The lines of the group last taken (views of the window). */
  readonly lines = new LineIndex();
  private groupStart = -1;
  /** The next record line, read but not yet taken. */
  private pending = false;
  private pStart = 0;
  private pEnd = 0;
  private pIdEnd = 0;
  private pHash = 0;
  private pKeyEnd = 0;
  version: string | null = null;
  /** False once the layout turned out not to be ours. */
  ok = true;
  private done = false;
  count = 0;

  constructor(private readonly fd: number) {
    this.lines.buf = this.buf;
    while (this.nextLine()) {
      if (this.lineEnd - this.lineStart > 200) break;
      const text = this.buf.toString('utf8', this.lineStart, this.lineEnd);
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

  /** Reads more of the file, keeping the current group and the pending line in the window. */
  private fill(): void {
    const keep = Math.min(this.pos, this.groupStart >= 0 ? this.groupStart : this.pos, this.pending ? this.pStart : this.pos);
    if (keep > 0) {
      this.buf.copy(this.buf, 0, keep, this.end);
      this.end -= keep;
      this.pos -= keep;
      if (this.groupStart >= 0) this.groupStart -= keep;
      this.lines.shift(keep);
      this.pStart -= keep;
      this.pEnd -= keep;
      this.pIdEnd -= keep;
      this.pKeyEnd -= keep;
    }
    if (this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
      this.lines.buf = bigger;
    }
    const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.filePosition);
    this.filePosition += n;
    this.end += n;
    if (n === 0) this.eof = true;
  }

  /** The line nextLine() found: bytes [lineStart, lineEnd), without its line break. */
  private lineStart = 0;
  private lineEnd = 0;

  /** Finds the next line (lineStart, lineEnd); false at the end of the file. */
  private nextLine(): boolean {
    for (;;) {
      // Bytes past `end` are stale, so a line break found there does not count.
      const nl = this.buf.indexOf(10, this.pos);
      if (nl !== -1 && nl < this.end) {
        this.lineStart = this.pos;
        this.lineEnd = nl;
        this.pos = nl + 1;
        return true;
      }
      if (this.eof) {
        if (this.pos >= this.end) return false;
        this.lineStart = this.pos;
        this.lineEnd = this.end;
        this.pos = this.end;
        return true;
      }
      this.fill();
    }
  }

  /** Reads the next record line into `pending` (none at the end of the records). */
  private advance(): void {
    this.pending = false;
    if (!this.nextLine()) {
      this.ok = false;
      return;
    }
    const start = this.lineStart;
    const end = this.lineEnd;
    if (end - start <= 4) {
      const text = this.buf.toString('latin1', start, end);
      if (text === '  ],' || text === '  ]') {
        this.done = true;
        return;
      }
    }
    if (!readRecordLine(this.buf, start, end)) {
      this.ok = false;
      return;
    }
    this.pending = true;
    this.pStart = start;
    this.pEnd = found.end;
    this.pIdEnd = found.idEnd;
    this.pHash = found.hash;
    this.pKeyEnd = found.lastDash === -1 ? start + RECORD_PREFIX.length : found.lastDash;
  }

  /** The group of the next record line (a copy of its bytes), or null when the records are done. */
  nextKey(): Buffer | null {
    if (!this.ok || this.done || !this.pending) return null;
    return Buffer.from(this.buf.subarray(this.pStart + RECORD_PREFIX.length, this.pKeyEnd));
  }

  private pendingIs(key: Buffer): boolean {
    const start = this.pStart + RECORD_PREFIX.length;
    return this.pKeyEnd - start === key.length && sameBytes(this.buf, start, key, 0, key.length);
  }

  /** Reads every line of group `key` (none when the next group is another); valid until the next call. */
  take(key: Buffer): LineIndex {
    const lines = this.lines;
    lines.count = 0;
    this.groupStart = this.pStart;
    while (this.ok && this.pending && this.pendingIs(key)) {
      lines.push(this.pStart + INDENT, this.pEnd, this.pIdEnd, this.pHash);
      this.count++;
      this.advance();
    }
    this.groupStart = -1;
    return lines;
  }
}

/**
 * The streaming diff of two local files, or null when either is not in our line layout
 * or its groups are not in order (the caller then reads both whole). Both files' digests
 * are computed on another thread meanwhile and checked before anything is returned.
 */
async function diffFilesByGroup(
  store: ReleaseStore & { assetFile(version: string, name: string): Promise<string> },
  from: string,
  to: string,
  out: Collected,
  parseAll: boolean,
  sums: { readonly old: ReadonlyMap<string, string>; readonly new: ReadonlyMap<string, string> },
  meanwhile: Promise<unknown>,
): Promise<{ total: number; charDiff: CharDiff } | null> {
  const [oldPath, newPath] = await Promise.all([store.assetFile(from, ASSET.commitmentsJson), store.assetFile(to, ASSET.commitmentsJson)]);
  const oldFd = openSync(oldPath, 'r');
  let newFd: number | null = null;
  let helper: DiffHelper | null = null;
  try {
    newFd = openSync(newPath, 'r');
    // The helper hashes both files while this thread compares them (its character diffs
    // come later, as this thread finds the changes).
    helper = new DiffHelper([oldFd, newFd]);
    await meanwhile; // the thread starts while the caller's other reads finish
    const newFile = new RecordWindow(newFd);
    const checkDigests = async (): Promise<void> => {
      const [oldDigest, newDigest] = await helper!.digests;
      checkCommitmentsDigest(store, from, sums.old, oldDigest!);
      checkCommitmentsDigest(store, to, sums.new, newDigest!);
    };
    let total: number | null;
    try {
      out.helper = helper;
      total = compareFiles(new RecordWindow(oldFd), newFile, from, to, out, parseAll);
    } catch (err) {
      await checkDigests(); // a file that does not match its digest is the better report
      throw err;
    } finally {
      delete out.helper;
    }
    if (total === null) return null;
    await checkDigests();
    const charDiff = await helper.charDiffs();
    helper = null; // finished: the thread has ended
    return { total, charDiff };
  } finally {
    await helper?.stop(); // once the thread has stopped reading these descriptors
    closeSync(oldFd);
    if (newFd !== null) closeSync(newFd);
  }
}

/** Compares two windows group by group; the number of records of `to`, or null (not our layout, or out of order). */
function compareFiles(oldFile: RecordWindow, newFile: RecordWindow, from: string, to: string, out: Collected, parseAll: boolean): number | null {
  if (!oldFile.ok || !newFile.ok || oldFile.version !== from || newFile.version !== to) return null;
  const where = { old: `v${from}/${ASSET.commitmentsJson}`, new: `v${to}/${ASSET.commitmentsJson}` };
  let last: Buffer | null = null;
  for (;;) {
    const a = oldFile.nextKey();
    const b = newFile.nextKey();
    if (a === null && b === null) break;
    // Keys compare as bytes: a four-digit year and a six-digit code sort like the records.
    const key = a === null ? b! : b === null ? a : Buffer.compare(a, b) <= 0 ? a : b;
    if (last !== null && Buffer.compare(key, last) < 0) return null; // not sorted: read whole instead
    last = key;
    compareLines(oldFile.take(key), newFile.take(key), out, where, parseAll);
  }
  return oldFile.ok && newFile.ok ? newFile.count : null;
}

/** The diff from release `from` to release `to`, as diffDatasets gives it. */
export async function diffReleases(
  store: ReleaseStore,
  from: string,
  to: string,
  matchedBy?: ReadonlyMap<string, MatchKind>,
  options: DiffReleasesOptions = { parseAll: true },
): Promise<ReleasesDiff> {
  const [oldSums, newSums] = await Promise.all([readSums(store, from), readSums(store, to)]);
  const cities = Promise.all([
    readJsonAsset<CitiesFile>(store, from, ASSET.citiesJson, 'cities.schema.json', oldSums),
    readJsonAsset<CitiesFile>(store, to, ASSET.citiesJson, 'cities.schema.json', newSums),
  ]);
  cities.catch(() => undefined); // awaited below; not unhandled meanwhile
  const parseAll = options.parseAll !== false;
  const out: Collected = { before: [], after: [], lines: new LineChanges() };
  let total: number | null = null;
  let charDiff: CharDiff | undefined;
  if (store.assetFile) {
    const streamed = await diffFilesByGroup(store as ReleaseStore & { assetFile: NonNullable<ReleaseStore['assetFile']> }, from, to, out, parseAll, { old: oldSums, new: newSums }, cities);
    total = streamed?.total ?? null;
    charDiff = streamed?.charDiff;
  } else {
    const oldLines = scanRecordLines(await readCheckedCommitments(store, from, oldSums));
    const newLines = scanRecordLines(await readCheckedCommitments(store, to, newSums));
    if (oldLines && newLines && oldLines.version === from && newLines.version === to) {
      compareLines(oldLines, newLines, out, { old: `v${from}/${ASSET.commitmentsJson}`, new: `v${to}/${ASSET.commitmentsJson}` }, parseAll);
      total = newLines.count;
    }
  }
  const [oldCities, newCities] = await cities;
  if (total === null) {
    const before = await readDataset(store, from);
    const after = await readDataset(store, to);
    const diff = diffDatasets(before, after, matchedBy);
    return {
      diff,
      entries: { summary: diff.summary, entries: diff.changes, lines: new LineChanges() },
      renderChangesJson: (plan) => renderChangesJsonOf(buildChangesFile(plan, diff)),
      before,
      after,
      total: after.records.length,
    };
  }
  const oldSide = { records: out.before, cities: oldCities.cities };
  const newSide = { records: out.after, cities: newCities.cities };
  const byId = matchedBy ?? new Map<string, MatchKind>();
  const lookup = charDiff ?? diffChars;
  const entries = diffEntries(oldSide, newSide, byId, out.lines, lookup);
  let diff: DatasetDiff | null = null;
  /** A renumbering's line of changes.json, from its template (no Change object), or null for any other entry. */
  const renumbering = (entry: unknown): string | null => {
    const lines = out.lines;
    if (typeof entry !== 'number' || lines.texts[entry] !== null) return null;
    const id = lines.ids[entry]!;
    return renumberingJson(id, byId.get(id) ?? 'id', lines.seqsBefore[entry]!, lines.seqs[entry]!);
  };
  /** Any other entry's line of changes.json. */
  const entryJson = (entry: unknown): string => {
    const e = entry as Entry;
    return typeof e === 'number' ? JSON.stringify(lineChange(out.lines, e, byId, lookup)) : changeJson(e);
  };
  return {
    get diff(): DatasetDiff {
      diff ??= { summary: entries.summary, changes: changesOf(entries, byId, lookup) };
      return diff;
    },
    entries,
    renderChangesJson(plan: VersionPlan): Uint8Array {
      const { changes: _none, ...head } = buildChangesFile(plan, { summary: entries.summary, changes: [] });
      return renderChangesEntries(head, entries.entries, entryJson, renumbering);
    },
    before: { version: from, cities: oldCities.cities },
    after: { version: to, cities: newCities.cities, records: out.after },
    total,
  };
}
