/**
 * Temporary folders that clean up after themselves: one made inside a test is removed
 * after that test, one made in beforeAll (or at import) after the test file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];
afterEach(async () => {
  for (const dir of perTest.splice(0)) await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  for (const dir of perFile.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test (or the file), filled from relative path → content. */
export async function makeTempDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'commitments-test-'));
  (expect.getState().currentTestName === undefined ? perFile : perTest).push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}
