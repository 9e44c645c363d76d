import path from 'node:path';
import { PipelineError } from '../../errors.ts';
import { readReleaseFiles, unzipToMemory } from '../../verify/read-release-files.ts';
import { verifyReleaseFiles } from '../../verify/verify-release.ts';
import { readFormat, type Command } from '../command.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a downloaded release folder or zip: checksums, schemas, CSV = JSON',
  help: `Usage: verify <release folder | release zip> [--format text|json]

Checks a release as a consumer received it:
  - SHA256SUMS lists every file and every digest matches (like sha256sum -c);
  - commitments.json, cities.json and changes.json validate against schemas/;
  - commitments.csv and commitments-excel.csv hold exactly the JSON's records;
  - datapackage.json's bytes and hashes match; all versions agree;
  - the zip (inside a folder, or given directly) verifies the same way.
Exit 0 when everything holds; otherwise 1, naming each file that does not.

Examples:
  verify dist/releases/v1.0.0
  verify shandong-commitments-v1.0.0.zip

Options:
  --format FORMAT    text (default) or json
  -h, --help         show this help`,
  options: { format: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(values, positionals, io) {
    const format = readFormat(values, ['text', 'json'] as const, 'text');
    const target = path.resolve(io.cwd, positionals[0]!);
    let release;
    try {
      release = await readReleaseFiles(target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new PipelineError(code === 'ENOENT' ? 'E_INPUT' : 'E_VERIFY', code === 'ENOENT' ? `not found: ${positionals[0]}` : `cannot read ${positionals[0]}: ${(err as Error).message}`);
    }
    const result = await verifyReleaseFiles(release.files, unzipToMemory);
    const shown = positionals[0]!;
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ ok: result.problems.length === 0, target: shown, ...result }, null, 2)}\n`);
    } else {
      for (const p of result.problems) io.stdout(`${shown}/${p.file}: ${p.message}\n`);
      for (const n of result.notes) io.stdout(`note: ${shown}/${n.file}: ${n.message}\n`);
      io.stdout(
        result.problems.length === 0
          ? `ok: ${shown} verifies (v${result.version}, ${result.files} files, ${result.records} records)\n`
          : `FAILED: ${shown} has ${result.problems.length} problem(s)\n`,
      );
    }
    return result.problems.length === 0 ? 0 : 1;
  },
};
