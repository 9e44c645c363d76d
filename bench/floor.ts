/**
 * The I/O floor of a release: the least any implementation must do with the same input and
 * output — read and JSON.parse every seed file (and the previous release's commitments.json
 * when there is one), build the flat records, JSON.stringify and write the JSON output, build
 * and write one CSV, sha256 both, and deflate both once (single-threaded) at the zip's level — what the
 * zip costs. No validation, identity, diff, pretty layout, second CSV or changelog.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ZIP_DEFLATE_LEVEL } from '../pipeline/render/render-zip.ts';

/** The zip's deflate level (zlib's default 6), taken from the pipeline so the two never differ. */
export const FLOOR_DEFLATE_LEVEL = ZIP_DEFLATE_LEVEL;

export interface FloorResult {
  readonly records: number;
  readonly outputBytes: number;
  readonly parts: { readonly read: number; readonly write: number; readonly sha256: number; readonly deflate: number };
  readonly workMs: number;
}

interface FloorSeed {
  year: number;
  city: string;
  commitments: Array<{ seq: number; text: string; deadline: string; responsible: string[] }>;
}

async function seedPaths(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const year of (await readdir(dir)).sort()) {
    for (const file of (await readdir(path.join(dir, year))).sort()) if (file.endsWith('.json')) out.push(path.join(dir, year, file));
  }
  return out;
}

const quote = (v: string | number | boolean | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function runFloor(seedsDir: string, previousJson: string | null, outDir: string): Promise<FloorResult> {
  const t0 = performance.now();
  const seeds: FloorSeed[] = [];
  for (const file of await seedPaths(seedsDir)) seeds.push(JSON.parse(await readFile(file, 'utf8')) as FloorSeed);
  const previous = previousJson ? (JSON.parse(await readFile(previousJson, 'utf8')) as { records: unknown[] }) : null;
  const t1 = performance.now();

  const records = seeds.flatMap((s) =>
    s.commitments.map((c) => ({
      id: `${s.year}-${s.city}-${c.seq}`,
      year: s.year,
      city: s.city,
      seq: c.seq,
      text: c.text,
      deadline: c.deadline,
      responsible: c.responsible,
    })),
  );
  const json = Buffer.from(JSON.stringify({ version: '1.0.0', records }));
  const csvLines = ['id,year,city,seq,text,deadline,responsible'];
  for (const r of records) csvLines.push([r.id, r.year, r.city, r.seq, r.text, r.deadline, r.responsible.join('、')].map(quote).join(','));
  const csv = Buffer.from(`${csvLines.join('\r\n')}\r\n`);
  await writeFile(path.join(outDir, 'floor.json'), json);
  await writeFile(path.join(outDir, 'floor.csv'), csv);
  const t2 = performance.now();

  const digests = [json, csv].map((b) => createHash('sha256').update(b).digest('hex'));
  const t3 = performance.now();
  const deflated = [json, csv].reduce((n, b) => n + deflateRawSync(b, { level: FLOOR_DEFLATE_LEVEL }).length, 0);
  const t4 = performance.now();
  if (digests.length !== 2 || deflated === 0 || (previous && !Array.isArray(previous.records))) throw new Error('floor: unexpected');
  return {
    records: records.length,
    outputBytes: json.length + csv.length,
    parts: { read: t1 - t0, write: t2 - t1, sha256: t3 - t2, deflate: t4 - t3 },
    workMs: t4 - t0,
  };
}
