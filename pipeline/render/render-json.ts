import type { Dataset } from '../domain/dataset.ts';
import { DATASET, FORMAT_VERSION, type ChangesFile } from '../schemas/release.ts';
import { Utf8Builder } from './utf8-builder.ts';

/**
 * Pretty JSON with one array element per line: small enough at a million records,
 * readable, and a line-by-line diff between two releases shows one record per line.
 */
function renderWithArrayLines(head: Record<string, unknown>, arrays: Record<string, readonly unknown[]>): Uint8Array {
  const out = new Utf8Builder();
  out.push('{\n');
  let first = true;
  const member = (text: string): void => {
    out.push(first ? `  ${text}` : `,\n  ${text}`);
    first = false;
  };
  for (const [k, v] of Object.entries(head)) member(`${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  for (const [k, items] of Object.entries(arrays)) {
    if (items.length === 0) {
      member(`${JSON.stringify(k)}: []`);
      continue;
    }
    member(`${JSON.stringify(k)}: [\n`);
    items.forEach((item, i) => out.push(`${i === 0 ? '' : ',\n'}    ${JSON.stringify(item)}`));
    out.push('\n  ]');
  }
  out.push('\n}\n');
  return out.finish();
}

/** commitments.json: every current record, and the ids withdrawn so far. */
export function renderCommitmentsJson(dataset: Dataset & { version: string }): Uint8Array {
  return renderWithArrayLines(
    { formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version },
    { records: dataset.records, withdrawn: dataset.withdrawn },
  );
}

/** cities.json: one entry per city and year. */
export function renderCitiesJson(dataset: Dataset & { version: string }): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, dataset: DATASET, version: dataset.version, cities: dataset.cities }, null, 2)}\n`;
}

/** changes.json: one change per line. */
export function renderChangesJson(changes: ChangesFile): Uint8Array {
  const { changes: list, ...head } = changes;
  return renderWithArrayLines(head, { changes: list });
}
