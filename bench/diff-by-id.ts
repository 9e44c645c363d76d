/**
 * Our diff doing daff's job: the same two published versions, keyed by id — what
 * `diff --from --to` does: read both releases from the store (digests checked, changed
 * records schema-checked; byte-identical record lines are skipped, renumbered and
 * reworded ones read from their bytes), diff them, render changes.json and write it.
 */
import { writeFileSync } from 'node:fs';
import { LocalStore } from '../pipeline/store/local-store.ts';
import { diffReleases } from '../pipeline/store/diff-releases.ts';
import { planVersion } from '../pipeline/version/plan-version.ts';

export interface DiffByIdResult {
  readonly changes: number;
  readonly outputBytes: number;
  readonly parts: { readonly read: number; readonly diff: number; readonly write: number };
  readonly workMs: number;
}

export async function runDiffById(storeRoot: string, from: string, to: string, out: string): Promise<DiffByIdResult> {
  const store = new LocalStore(storeRoot);
  const t0 = performance.now();
  const result = await diffReleases(store, from, to, undefined, { parseAll: false });
  const t1 = performance.now();
  const t2 = t1; // reading and diffing are one pass: only the changed lines are parsed
  const plan = planVersion(from, { summary: result.entries.summary, changes: result.entries.entries });
  if (!plan) throw new Error(`no difference between v${from} and v${to}`);
  const text = result.renderChangesJson({ ...plan, to });
  writeFileSync(out, text);
  const t3 = performance.now();
  return { changes: result.entries.entries.length, outputBytes: text.byteLength, parts: { read: t1 - t0, diff: t2 - t1, write: t3 - t2 }, workMs: t3 - t0 };
}
