import path from 'node:path';
import { PipelineError } from '../../errors.ts';
import { importArticle } from '../../import/import-article.ts';
import { readFormat, readString, type Command } from '../command.ts';
import { readSeedsDir } from '../seeds-dir.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'turn a published article (tab-separated table) into seed files',
  help: `Usage: import <article.txt> [--year YEAR] [--seeds DIR] [--publisher NAME] [--force] [--dry-run]

Reads the article: page header (大众日报 / 客户端 / 微信), intro paragraph, title
(2023年16市重点工作任务公开承诺事项), then a tab-separated table whose city name
appears on a city's first row only, each city closed by "联系人: … 办公电话: …".
Writes seeds/<year>/<slug>.json per city in the canonical layout. A city whose
contact line is missing (the article was cut off) gets "complete": false.

Re-importing the same article changes no byte. Existing files are updated in
place: explicit ids are kept (same text, else same seq). A file the import would
shrink, because the article is cut off, is kept unless --force.
Lines that cannot be read are reported by line number, and then nothing is written.

Options:
  --year YEAR        year of the commitments (default: from the title)
  --publisher NAME   publisher (default: recognised from the page header)
  --seeds DIR        seeds folder (default: seeds)
  --force            overwrite files even when that loses commitments
  --dry-run          report what would change, write nothing
  --format FORMAT    text (default) or json
  -h, --help         show this help`,
  options: {
    year: { type: 'string' },
    publisher: { type: 'string' },
    seeds: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    format: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, positionals, io) {
    const format = readFormat(values, ['text', 'json'] as const, 'text');
    let year: number | undefined;
    if (values.year !== undefined) {
      year = Number(values.year);
      if (!/^\d{4}$/.test(String(values.year)) || year < 2000 || year > 2100) {
        throw new PipelineError('E_USAGE', `--year must be a year such as 2023, not "${String(values.year)}"`);
      }
    }
    const articlePath = path.resolve(io.cwd, positionals[0]!);
    const seedsDir = path.resolve(io.cwd, readString(values, 'seeds', 'seeds'));
    try {
      await readSeedsDir(path.dirname(seedsDir));
    } catch {
      throw new PipelineError('E_INPUT', `the parent folder of ${seedsDir} does not exist`);
    }
    let result;
    try {
      result = await importArticle({
        articlePath,
        seedsDir,
        ...(year !== undefined ? { year } : {}),
        ...(typeof values.publisher === 'string' ? { publisher: values.publisher } : {}),
        force: values.force === true,
        dryRun: values['dry-run'] === true,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new PipelineError('E_INPUT', `article not found: ${articlePath}`);
      throw err;
    }
    const shown = path.relative(io.cwd, articlePath) || articlePath;
    const rel = (p: string): string => path.relative(io.cwd, p).split(path.sep).join('/');
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ ok: result.problems.length === 0, year: result.year, files: result.files.map((f) => ({ ...f, path: rel(f.path) })), problems: result.problems }, null, 2)}\n`);
    } else {
      for (const p of result.problems) io.stdout(`${shown}:${p.line}:1 error ${p.message} (E_IMPORT)\n`);
      for (const f of result.files) {
        io.stdout(`${f.status.padEnd(9)} ${rel(f.path)}  ${f.city} ${f.commitments} commitments${f.complete ? '' : ' (incomplete)'}${f.note ? ` — ${f.note}` : ''}\n`);
      }
      if (result.problems.length > 0) io.stdout(`nothing written: ${result.problems.length} line(s) of ${shown} could not be read\n`);
      else if (values['dry-run']) io.stdout('dry run: nothing written\n');
    }
    return result.problems.length > 0 ? 1 : 0;
  },
};
