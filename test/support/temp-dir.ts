/**
 * Temporary folders that clean up after themselves: one made in a test (or its beforeEach)
 * is removed after that test, one made in beforeAll (or at import) after the test file.
 * setup.ts, which vitest runs before every test file, marks where each test starts and
 * ends, so this holds with or without isolation between files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made = { test: [] as string[], file: [] as string[] };
let inTest = false;

/** A temporary folder removed after the test (or the file), filled from relative path → content. */
export async function makeTempDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'commitments-test-'));
  made[inTest ? 'test' : 'file'].push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** A test starts: the folders made from now on are its own (setup.ts, beforeEach). */
export function startTestScope(): void {
  inTest = true;
}

/** The test ended: its folders are removed (setup.ts, afterEach). */
export async function endTestScope(): Promise<void> {
  inTest = false;
  for (const dir of made.test.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** The file ended: the folders made outside tests are removed (setup.ts, afterAll). */
export async function endFileScope(): Promise<void> {
  for (const dir of made.file.splice(0)) await rm(dir, { recursive: true, force: true });
}
