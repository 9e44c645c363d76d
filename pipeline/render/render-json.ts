import type { Dataset } from '../domain/dataset.ts';
import { lineJsonChunks } from '../release-format/line-json.ts';
import { DATASET, FORMAT_VERSION, type ChangesFile } from '../schemas/release.ts';
import { encodeChunks } from './stage.ts';

/** commitments.json as chunks, in the line layout: every current record, and the ids withdrawn so far. */
export function commitmentsJsonChunks(dataset: Dataset & { version: string }): Iterable<string> {
  return lineJsonChunks(
    { formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version },
    { records: dataset.records, withdrawn: dataset.withdrawn },
  );
}

/** commitments.json, whole. */
export function renderCommitmentsJson(dataset: Dataset & { version: string }): Uint8Array {
  return encodeChunks(commitmentsJsonChunks(dataset));
}

/** cities.json: one entry per city and year. */
export function renderCitiesJson(dataset: Dataset & { version: string }): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version, cities: dataset.cities }, null, 2)}\n`;
}

/** changes.json as chunks, in the line layout: one change per line. */
export function changesJsonChunks(changes: ChangesFile): Iterable<string> {
  const { changes: list, ...head } = changes;
  return lineJsonChunks(head, { changes: list });
}

/** changes.json, whole. */
export function renderChangesJson(changes: ChangesFile): Uint8Array {
  return encodeChunks(changesJsonChunks(changes));
}
