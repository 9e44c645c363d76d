import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { cityKey } from '../domain/dataset.ts';
import { checkAgainstSchema, describeSchemaErrors } from '../schemas/ajv.ts';
import type { SchemaFileName } from '../schemas/registry.ts';
import type { CitiesFile, CommitmentsFile } from '../schemas/release.ts';
import { parseSha256Sums, sha256Hex } from '../release-format/checksums.ts';
import { ASSET, zipNameOf } from '../release-format/names.ts';
import { CSV_COLUMNS, csvRowOf, neutralizeFormula } from '../render/render-csv.ts';

/** One reason a release does not verify, naming the file. */
export interface VerifyProblem {
  readonly file: string;
  readonly message: string;
}

export interface VerifyResult {
  readonly version: string | null;
  readonly files: number;
  readonly records: number | null;
  readonly problems: VerifyProblem[];
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The parts of a Frictionless descriptor that verify checks. */
const DatapackageSchema = z.object({
  name: z.string().regex(/^[a-z0-9._-]+$/),
  version: z.string(),
  resources: z
    .array(z.object({ name: z.string().regex(/^[a-z0-9._-]+$/), path: z.string().regex(/^[^/\\]+$/), bytes: z.int().min(0), hash: z.string() }))
    .min(1),
});

function text(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Verifies the files of one release (a folder's or a zip's content): SHA256SUMS covers
 * every file and matches, JSON validates against its schema, both CSVs equal what the
 * JSON says row by row, datapackage.json's sizes and hashes are right, versions agree.
 * `unzip` reads a zip asset so its inner files are verified too.
 */
export async function verifyReleaseFiles(
  files: ReadonlyMap<string, Uint8Array>,
  unzip: (bytes: Uint8Array) => Promise<Map<string, Uint8Array>>,
  label = '',
): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const fail = (file: string, message: string): void => {
    problems.push({ file: `${label}${file}`, message });
  };

  // 1. Checksums.
  const sumsBytes = files.get(ASSET.sums);
  const sums = sumsBytes ? parseSha256Sums(text(sumsBytes) ?? '') : null;
  if (!sumsBytes) fail(ASSET.sums, 'missing');
  else if (!sums) fail(ASSET.sums, 'malformed: each line must be "<64 hex digits>  <file name>"');
  if (sums) {
    for (const [name, digest] of sums) {
      const bytes = files.get(name);
      if (!bytes) fail(name, `listed in ${ASSET.sums} but missing`);
      else if (sha256Hex(bytes) !== digest) fail(name, `sha256 ${sha256Hex(bytes)} does not match ${ASSET.sums} (${digest}): the file was changed`);
    }
    for (const name of files.keys()) if (name !== ASSET.sums && !sums.has(name)) fail(name, `not covered by ${ASSET.sums}`);
  }

  // 2. JSON against the schemas.
  const json = <T>(name: string, schema: SchemaFileName): T | null => {
    const bytes = files.get(name);
    if (!bytes) {
      fail(name, 'missing');
      return null;
    }
    let value: unknown;
    try {
      value = JSON.parse(text(bytes) ?? '\u0000');
    } catch (err) {
      fail(name, `not valid UTF-8 JSON: ${(err as Error).message}`);
      return null;
    }
    const errors = checkAgainstSchema(schema, value);
    if (errors.length > 0) {
      fail(name, `does not match schemas/${schema}: ${describeSchemaErrors(errors)}`);
      return null;
    }
    return value as T; // proven by the schema check
  };
  const commitments = json<CommitmentsFile>(ASSET.commitmentsJson, 'commitments.schema.json');
  const cities = json<CitiesFile>(ASSET.citiesJson, 'cities.schema.json');
  const changes = json<{ to: string }>(ASSET.changesJson, 'changes.schema.json');
  const version = commitments?.version ?? null;
  if (version) {
    if (cities && cities.version !== version) fail(ASSET.citiesJson, `version ${cities.version}, but commitments.json says ${version}`);
    if (changes && changes.to !== version) fail(ASSET.changesJson, `"to" is ${changes.to}, but commitments.json says ${version}`);
  }

  // 3. Both CSVs hold exactly the JSON's records.
  if (commitments && cities) {
    const byCity = new Map(cities.cities.map((c) => [cityKey(c.year, c.code), c]));
    const expected = commitments.records.map((r) => csvRowOf(r, byCity.get(cityKey(r.year, r.cityCode))).map(neutralizeFormula));
    for (const [name, bom] of [[ASSET.commitmentsCsv, false], [ASSET.commitmentsExcelCsv, true]] as const) {
      const bytes = files.get(name);
      if (!bytes) {
        fail(name, 'missing');
        continue;
      }
      let body = text(bytes);
      if (body === null) {
        fail(name, 'not valid UTF-8');
        continue;
      }
      if (body.startsWith('\ufeff') !== bom) fail(name, bom ? 'must start with a UTF-8 BOM (for Excel)' : 'must not start with a BOM');
      body = body.replace(/^\ufeff/, '');
      let rows: string[][];
      try {
        rows = parseCsv(body, { relax_column_count: true }) as string[][];
      } catch (err) {
        fail(name, `not valid CSV: ${(err as Error).message}`);
        continue;
      }
      const header = rows.shift() ?? [];
      if (header.join(',') !== CSV_COLUMNS.join(',')) fail(name, `header is "${header.join(',')}", expected "${CSV_COLUMNS.join(',')}"`);
      if (rows.length !== expected.length) fail(name, `${rows.length} rows, but commitments.json has ${expected.length} records`);
      const n = Math.min(rows.length, expected.length);
      for (let i = 0; i < n; i++) {
        const got = rows[i]!;
        const want = expected[i]!;
        const col = want.findIndex((v, k) => got[k] !== v);
        if (col !== -1 || got.length !== want.length) {
          const k = col === -1 ? want.length : col;
          fail(name, `row ${i + 2} (${want[0]}) column ${CSV_COLUMNS[k] ?? k + 1}: "${got[k] ?? ''}" but commitments.json says "${want[k] ?? ''}"`);
          break;
        }
      }
    }
  }

  // 4. datapackage.json describes the files as they are.
  const pkgBytes = files.get(ASSET.datapackage);
  if (!pkgBytes) fail(ASSET.datapackage, 'missing');
  else {
    let parsed: ReturnType<typeof DatapackageSchema.safeParse> | null = null;
    try {
      parsed = DatapackageSchema.safeParse(JSON.parse(text(pkgBytes) ?? '\u0000'));
    } catch (err) {
      fail(ASSET.datapackage, `not valid JSON: ${(err as Error).message}`);
    }
    if (parsed && !parsed.success) fail(ASSET.datapackage, `not a data package descriptor: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (parsed?.success) {
      if (version && parsed.data.version !== version) fail(ASSET.datapackage, `version ${parsed.data.version}, but commitments.json says ${version}`);
      for (const r of parsed.data.resources) {
        const bytes = files.get(r.path);
        if (!bytes) fail(ASSET.datapackage, `resource ${r.name}: ${r.path} is missing`);
        else if (bytes.length !== r.bytes) fail(r.path, `${bytes.length} bytes, but datapackage.json says ${r.bytes}`);
        else if (r.hash !== `sha256:${sha256Hex(bytes)}`) fail(r.path, `hash does not match datapackage.json (${r.hash})`);
      }
    }
  }

  // 5. The zip holds the same files, with its own SHA256SUMS.
  for (const [name, bytes] of files) {
    if (!name.endsWith('.zip')) continue;
    if (version && name !== zipNameOf(version)) fail(name, `expected the zip to be named ${zipNameOf(version)}`);
    let inner: Map<string, Uint8Array>;
    try {
      inner = await unzip(bytes);
    } catch (err) {
      fail(name, `not a readable zip: ${(err as Error).message}`);
      continue;
    }
    const nested = await verifyReleaseFiles(inner, unzip, `${label}${name}!/`);
    problems.push(...nested.problems);
    for (const [innerName, innerBytes] of inner) {
      const outer = files.get(innerName);
      if (innerName !== ASSET.sums && outer && Buffer.compare(Buffer.from(outer), Buffer.from(innerBytes)) !== 0) {
        fail(`${name}!/${innerName}`, `differs from ${innerName} beside the zip`);
      }
    }
  }
  return { version, files: files.size, records: commitments?.records.length ?? null, problems };
}
