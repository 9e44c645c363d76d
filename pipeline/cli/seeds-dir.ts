import { stat } from 'node:fs/promises';
import { PipelineError } from '../errors.ts';

/** Checks that the seeds folder exists, with a message that says what to do if not. */
export async function readSeedsDir(dir: string): Promise<string> {
  try {
    if ((await stat(dir)).isDirectory()) return dir;
  } catch {
    // reported below
  }
  throw new PipelineError('E_INPUT', `seeds folder not found: ${dir} (run from the repository root, or pass --seeds DIR)`);
}
