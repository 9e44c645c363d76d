import { stat } from 'node:fs/promises';
import { PipelineError } from '../errors.ts';
import { classifyFsError } from '../fs-errors.ts';

/** Checks that the seeds folder exists, with a message that says what to do if not. */
export async function readSeedsDir(dir: string): Promise<string> {
  try {
    if ((await stat(dir)).isDirectory()) return dir;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Absent is reported below; a folder that cannot be looked at is a fault of the disk or a permission.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw classifyFsError(err, { action: 'read the seeds folder', path: dir, elsewhere: '--seeds DIR', state: 'nothing was written' });
  }
  throw new PipelineError('E_INPUT', `seeds folder not found: ${dir} (run from the repository root, or pass --seeds DIR)`);
}
