import type { Dataset } from '../domain/dataset.ts';
import { DATASET, FORMAT_VERSION, type ChangesFile } from '../schemas/release.ts';

/**
 * Pretty JSON with one array element per line: small enough at a million records,
 * readable, and a line-by-line diff between two releases shows one record per line.
 */
function renderWithArrayLines(head: Record<string, unknown>, arrays: Record<string, readonly unknown[]>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(head)) parts.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  for (const [k, items] of Object.entries(arrays)) {
    if (items.length === 0) parts.push(`  ${JSON.stringify(k)}: []`);
    else parts.push(`  ${JSON.stringify(k)}: [\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`);
  }
  return `{\n${parts.join(',\n')}\n}\n`;
}

/** commitments.json: every current record, and the ids withdrawn so far. */
export function renderCommitmentsJson(dataset: Dataset & { version: string }): string {
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
export function renderChangesJson(changes: ChangesFile): string {
  const { changes: list, ...head } = changes;
  return renderWithArrayLines(head, { changes: list });
}
