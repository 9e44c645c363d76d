/**
 * Our diff doing daff's job: the same two published versions, keyed by id — what
 * `diff --from --to --format json` does: read the newer release whole and the older one
 * city-year by city-year from the store (digests and schemas checked), diffing it as it
 * comes (diffFromRelease), render changes.json and write it.
 */
import { writeFileSync } from 'node:fs';
import { readDataset } from '../pipeline/release-format/read-release.ts';
import { diffFromRelease } from '../pipeline/release.ts';
import { buildChangesFile } from '../pipeline/render/render-assets.ts';
import { renderChangesJson } from '../pipeline/render/render-json.ts';
import { LocalStore } from '../pipeline/store/local-store.ts';
import { planVersion } from '../pipeline/version/plan-version.ts';

export interface DiffByIdResult {
  readonly changes: number;
  readonly outputBytes: number;
  /** read: the newer release; diff: reading the older one and diffing it as it comes. */
  readonly parts: { readonly read: number; readonly diff: number; readonly write: number };
  readonly workMs: number;
}

export async function runDiffById(storeRoot: string, from: string, to: string, out: string): Promise<DiffByIdResult> {
  const store = new LocalStore(storeRoot);
  const t0 = performance.now();
  const after = await readDataset(store, to);
  const t1 = performance.now();
  const { diff } = await diffFromRelease(store, from, after); // reads the older side as it diffs
  const plan = planVersion(from, diff);
  if (!plan) throw new Error(`no difference between v${from} and v${to}`);
  const t2 = performance.now();
  const bytes = renderChangesJson(buildChangesFile({ ...plan, to }, diff, { commit: null, previousCommit: null, history: 'unavailable' }));
  writeFileSync(out, bytes);
  const t3 = performance.now();
  return { changes: diff.changes.length, outputBytes: bytes.byteLength, parts: { read: t1 - t0, diff: t2 - t1, write: t3 - t2 }, workMs: t3 - t0 };
}
