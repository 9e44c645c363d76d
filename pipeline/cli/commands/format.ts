import path from 'node:path';
import { loadSeedFiles } from '../../seeds/load-seeds.ts';
import { writeSeedFiles, type SeedFileWrite } from '../../seeds/write-seed-files.ts';
import { renderSeedFile } from '../../seeds/canonical.ts';
import { hasErrors, validateSeeds } from '../../validate/validate-seeds.ts';
import { readString, type Command } from '../command.ts';
import { formatProblems } from '../format-problems.ts';
import { readSeedsDir } from '../seeds-dir.ts';

export const formatCommand: Command = {
  name: 'format',
  summary: 'rewrite seed files in the canonical layout',
  help: `Usage: format [--seeds DIR] [--check]

Rewrites every valid seed file in the canonical layout: 2-space indent, keys in
a fixed order, commitments sorted by seq, "$schema" set, final newline.
Content is unchanged. Files with errors are left alone and reported.

Options:
  --seeds DIR   seeds folder (default: seeds)
  --check       change nothing; exit 1 if any file would be rewritten
  -h, --help    show this help`,
  options: { seeds: { type: 'string' }, check: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, io) {
    const seedsDir = await readSeedsDir(path.resolve(io.cwd, readString(values, 'seeds', 'seeds')));
    const files = await loadSeedFiles(seedsDir, io.cwd);
    const { seeds, problems } = validateSeeds(files);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) io.stderr(formatProblems(errors, 'text', files.length));
    let changed = 0;
    const writes: SeedFileWrite[] = [];
    const rewritten: string[] = [];
    for (const { file, seed } of seeds) {
      const source = files.find((f) => f.displayPath === file)!;
      const canonical = renderSeedFile(seed);
      const before = Buffer.from(source.bytes).toString('utf8');
      if (before === canonical) continue;
      changed++;
      if (values.check) io.stdout(`would rewrite ${file}\n`);
      else {
        writes.push({ path: path.join(seedsDir, ...source.relativePath.split('/')), text: canonical, previous: before });
        rewritten.push(file);
      }
    }
    // All or nothing: a failure leaves every seed file as it was.
    await writeSeedFiles(writes, seedsDir);
    for (const file of rewritten) io.stdout(`rewrote ${file}\n`);
    io.stdout(`${seeds.length} file(s) checked, ${changed} ${values.check ? 'not canonical' : 'rewritten'}\n`);
    return hasErrors(problems) || (values.check && changed > 0) ? 1 : 0;
  },
};
