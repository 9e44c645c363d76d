import path from 'node:path';
import { mapSeedFiles } from '../../seeds/load-seeds.ts';
import { combineValidations, hasErrors, validateSeedFile } from '../../validate/validate-seeds.ts';
import { readFormat, readString, type Command } from '../command.ts';
import { formatProblems } from '../format-problems.ts';
import { readSeedsDir } from '../seeds-dir.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check every seed file and report all problems at once',
  help: `Usage: validate [--seeds DIR] [--format text|json|github]

Checks every seed file under the seeds folder (default: seeds/) and reports all
problems at once, one per line: file:line:col severity message (CODE) pointer.

Errors (exit 1): invalid JSON or UTF-8, a BOM, duplicate keys, schema violations
(unknown or missing keys, wrong types), a path that is not seeds/<year>/<slug>.json
or does not match the file's year and city, seq not 1..n, empty text or
responsible, duplicate explicit ids, invisible characters.
Warnings (exit 0, shown): deadline phrases without a date, a phone area code
that is not the city's, names that do not look like names, incomplete cities,
near-identical commitments, a non-canonical layout (fix with: format).

Options:
  --seeds DIR        seeds folder (default: seeds)
  --format FORMAT    text (default), json, or github (workflow annotations)
  -h, --help         show this help`,
  options: { seeds: { type: 'string' }, format: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, io) {
    const format = readFormat(values, ['text', 'json', 'github'] as const, 'text');
    const seedsDir = await readSeedsDir(path.resolve(io.cwd, readString(values, 'seeds', 'seeds')));
    const checked = await mapSeedFiles(seedsDir, io.cwd, (file) => validateSeedFile(file));
    const { problems } = combineValidations(checked);
    io.stdout(formatProblems(problems, format, checked.length));
    return hasErrors(problems) ? 1 : 0;
  },
};
