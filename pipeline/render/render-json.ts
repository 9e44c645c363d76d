import type { Dataset } from '../domain/dataset.ts';
import { DATASET, FORMAT_VERSION, type Change, type ChangesFile } from '../schemas/release.ts';
import { Utf8Builder } from './utf8-builder.ts';

/** A member of an object's head, as arrayLinesChunks writes it (without indent or separator). */
const memberText = (key: string, value: unknown): string => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
/** The member that opens a non-empty array (its items follow on the next lines). */
const arrayOpen = (key: string): string => `${JSON.stringify(key)}: [\n`;
/** Item `i` of an array, as arrayLinesChunks writes it: its separator, its indent, its text. */
const itemLine = (i: number, text: string): string => `${i === 0 ? '' : ',\n'}    ${text}`;

/**
 * Pretty JSON with one array element per line: small enough at a million records,
 * readable, and a line-by-line diff between two releases shows one record per line.
 * Produced as a sequence of chunks, so the largest asset is never one string.
 */
function* arrayLinesChunks(
  head: Record<string, unknown>,
  arrays: Record<string, readonly unknown[]>,
  stringify: (item: unknown) => string = JSON.stringify,
): Generator<string> {
  yield '{\n';
  let first = true;
  const member = (text: string): string => {
    const out = first ? `  ${text}` : `,\n  ${text}`;
    first = false;
    return out;
  };
  for (const [k, v] of Object.entries(head)) yield member(memberText(k, v));
  for (const [k, items] of Object.entries(arrays)) {
    if (items.length === 0) {
      yield member(`${JSON.stringify(k)}: []`);
      continue;
    }
    yield member(arrayOpen(k));
    for (let i = 0; i < items.length; i++) yield itemLine(i, stringify(items[i]));
    yield '\n  ]';
  }
  yield '\n}\n';
}

function collect(chunks: Iterable<string>): Uint8Array {
  const out = new Utf8Builder();
  for (const chunk of chunks) out.push(chunk);
  return out.finish();
}

/** commitments.json as chunks: every current record, and the ids withdrawn so far. */
export function commitmentsJsonChunks(dataset: Dataset & { version: string }): Iterable<string> {
  return arrayLinesChunks(
    { formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version },
    { records: dataset.records, withdrawn: dataset.withdrawn },
  );
}

/** commitments.json, whole. */
export function renderCommitmentsJson(dataset: Dataset & { version: string }): Uint8Array {
  return collect(commitmentsJsonChunks(dataset));
}

/** cities.json: one entry per city and year. */
export function renderCitiesJson(dataset: Dataset & { version: string }): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version, cities: dataset.cities }, null, 2)}\n`;
}

/** Whether an object's own enumerable keys are exactly `keys`, in that order. */
function keysAre(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (!Object.hasOwn(value, key) || key !== keys[i++]) return false;
  return i === keys.length;
}

const RENUMBERING_KEYS = ['type', 'scope', 'id', 'matchedBy', 'fields'] as const;
const SEQ_CHANGE_KEYS = ['before', 'after'] as const;
/** Text that JSON writes as it is, between quotes. */
const PLAIN = /^[0-9A-Za-z._-]+$/;

/**
 * The JSON.stringify text of a renumbering (only its seq changed: at scale, most changes)
 * written from a template, about 3× faster; null when the id or matchedBy would need
 * escaping (then JSON.stringify writes it).
 */
export function renumberingJson(id: string, matchedBy: string, before: number, after: number): string | null {
  if (!PLAIN.test(id) || !PLAIN.test(matchedBy) || !Number.isSafeInteger(before) || !Number.isSafeInteger(after)) return null;
  return `{"type":"modified","scope":"commitment","id":"${id}","matchedBy":"${matchedBy}","fields":{"seq":{"before":${String(before)},"after":${String(after)}}}}`;
}

/**
 * One change as JSON.stringify writes it; a renumbering from its template, after checks
 * that the template gives exactly JSON.stringify's bytes.
 */
export function changeJson(item: unknown): string {
  const c = item as Change;
  if (c.type === 'modified' && c.scope === 'commitment') {
    const seq = c.fields.seq;
    if (seq !== undefined && keysAre(c, RENUMBERING_KEYS) && keysAre(c.fields, ['seq']) && keysAre(seq, SEQ_CHANGE_KEYS)) {
      const text = renumberingJson(c.id, c.matchedBy, seq.before as number, seq.after as number);
      if (text !== null) return text;
    }
  }
  return JSON.stringify(c);
}

/** changes.json as chunks: one change per line. */
export function changesJsonChunks(changes: ChangesFile): Iterable<string> {
  const { changes: list, ...head } = changes;
  return arrayLinesChunks(head, { changes: list }, changeJson);
}

/** changes.json, whole. */
export function renderChangesJson(changes: ChangesFile): Uint8Array {
  return collect(changesJsonChunks(changes));
}

/**
 * changes.json, whole, from its head and entries that `entryJson` writes one per line
 * (diffReleases's entries, which are changes or indices of changes read from bytes): the
 * bytes of changesJsonChunks. `renumbering` may give an entry's line when it is a
 * renumbering written by renumberingJson (ASCII, so it is encoded as such; at scale
 * most lines are renumberings), or null.
 */
export function renderChangesEntries(
  head: Omit<ChangesFile, 'changes'>,
  entries: readonly unknown[],
  entryJson: (entry: unknown) => string,
  renumbering: (entry: unknown) => string | null = () => null,
): Uint8Array {
  if (entries.length === 0) return collect(arrayLinesChunks(head, { changes: entries }, entryJson));
  // arrayLinesChunks' layout (its head members, then the one array), written here line by
  // line: no generator step per line, and the ASCII lines apart.
  const out = new Utf8Builder();
  out.push('{\n');
  for (const [k, v] of Object.entries(head)) out.push(`  ${memberText(k, v)},\n`);
  out.push(`  ${arrayOpen('changes')}`);
  for (let i = 0; i < entries.length; i++) {
    const line = renumbering(entries[i]);
    if (line !== null) out.pushAscii(itemLine(i, line));
    else out.push(itemLine(i, entryJson(entries[i])));
  }
  out.push('\n  ]\n}\n');
  return out.finish();
}
