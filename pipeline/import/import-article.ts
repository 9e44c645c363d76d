import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { classifyFsError, guardFs } from '../fs-errors.ts';
import { checkAgainstSchema } from '../schemas/ajv.ts';
import type { Seed, Source } from '../schemas/seed.ts';
import { renderSeedFile } from '../seeds/canonical.ts';
import { writeSeedFiles, type SeedFileWrite } from '../seeds/write-seed-files.ts';
import { buildSeed, reasonToKeep } from './build-seeds.ts';
import { parseArticle, type ArticleProblem } from './parse-article.ts';
import { readBytes } from '../read-bytes.ts';
import { decodeSeedBytes } from '../validate/decode.ts';

/** What an import that failed before writing left. */
const UNCHANGED = 'no seed file was changed';

export interface ImportOptions {
  readonly articlePath: string;
  readonly seedsDir: string;
  /** Overrides the year read from the article's title. */
  readonly year?: number;
  /** Overrides the publisher recognised in the page furniture. */
  readonly publisher?: string;
  /** Overwrite seed files even when that would lose commitments. */
  readonly force?: boolean;
  /** Report what would change without writing. */
  readonly dryRun?: boolean;
}

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'kept';

export interface ImportedFile {
  readonly path: string;
  readonly city: string;
  readonly commitments: number;
  readonly complete: boolean;
  readonly status: ImportStatus;
  readonly note?: string;
}

export interface ImportResult {
  readonly year: number | null;
  readonly files: ImportedFile[];
  /** Problems in the article: when there are any, nothing is written. */
  readonly problems: ArticleProblem[];
}

async function readExisting(file: string): Promise<{ seed: Seed | null; text: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seed: null, text: null };
    throw err;
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
    return { seed: checkAgainstSchema('seed.schema.json', value).length === 0 ? (value as Seed) : null, text };
  } catch {
    return { seed: null, text };
  }
}

/**
 * Imports an article into seeds/<year>/<slug>.json, one file per city. Re-importing the
 * same article changes no byte; existing explicit ids are kept; a file that the article
 * would shrink (it is cut off) or that cannot be read is kept unless `force` is set.
 * The files are written all or nothing (writeSeedFiles).
 */
export async function importArticle(options: ImportOptions): Promise<ImportResult> {
  // The article must be UTF-8 (a BOM is fine): a GBK or UTF-16 copy is named as such, once,
  // rather than reported as a page of unreadable lines.
  const article = await readBytes(options.articlePath).catch((err: unknown) => {
    // Not found is the command's to report (E_INPUT); a disk that fails is classified here.
    throw (err as NodeJS.ErrnoException).code === 'ENOENT' ? err : classifyFsError(err, { action: 'read the article', path: options.articlePath, state: UNCHANGED });
  });
  const decoded = decodeSeedBytes(article);
  if (decoded.invalidAt >= 0) {
    const line = decoded.text.slice(0, decoded.invalidAt).split('\n').length;
    return { year: options.year ?? null, files: [], problems: [{ line, message: decoded.encodingProblem.replace('without BOM', 'and import it again') }] };
  }
  const parsed = parseArticle(decoded.text);
  const problems = [...parsed.problems];
  const year = options.year ?? parsed.year;
  if (year === null) problems.push({ line: 1, message: 'no year: the title has none (….年…承诺事项); pass --year' });
  const title = parsed.title;
  if (title === null) problems.push({ line: 1, message: 'no title line (e.g. 2023年16市重点工作任务公开承诺事项) before the table' });
  const publisher = options.publisher ?? parsed.publisher;
  if (publisher === null) problems.push({ line: 1, message: 'publisher not recognised in the page header; pass --publisher' });
  if (parsed.cities.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'the table has no rows' });
  if (problems.length > 0 || year === null || title === null || publisher === null) {
    return { year, files: [], problems };
  }

  const source: Source = { title, publisher, ...(parsed.intro ? { intro: parsed.intro } : {}) };
  const files: ImportedFile[] = [];
  const writes: SeedFileWrite[] = [];
  for (const city of parsed.cities) {
    const file = path.join(options.seedsDir, String(year), `${city.city.slug}.json`);
    const existing = await guardFs({ action: 'read the seed files', path: file, elsewhere: '--seeds DIR', state: UNCHANGED }, () => readExisting(file));
    const seed = buildSeed(city, year, source, existing.seed);
    const text = renderSeedFile(seed);
    const summary = { path: file, city: city.city.name, commitments: seed.commitments.length, complete: seed.complete };
    const keep =
      options.force || existing.text === null
        ? null
        : existing.seed
          ? reasonToKeep(existing.seed, seed)
          : 'the existing file is not a valid seed file (run validate)';
    if (keep) {
      files.push({ ...summary, status: 'kept', note: `${keep}; use --force to overwrite` });
      continue;
    }
    const status: ImportStatus = existing.text === null ? 'created' : existing.text === text ? 'unchanged' : 'updated';
    if (status !== 'unchanged') writes.push({ path: file, text, previous: existing.text });
    files.push({ ...summary, status });
  }
  if (!options.dryRun && writes.length > 0) await writeSeedFiles(writes, options.seedsDir);
  return { year, files, problems };
}
