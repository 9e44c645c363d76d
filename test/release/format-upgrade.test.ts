/**
 * Releases published before targets, the Parquet table and provenance existed stay readable
 * and verifiable, and the next release builds on them: test/fixtures/releases/ holds the real
 * seeds' v1.0.0 as the pipeline published it then (format 1, without those fields).
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangesFile, CommitmentsFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { makeWorkspace, readAssetJson } from '../support/workspace.ts';

const OLD = path.join(REPO, 'test', 'fixtures', 'releases', 'v1.0.0-before-targets');

describe('a release of the earlier format', () => {
  it('verifies, its known datapackage defect a note rather than a failure', async () => {
    const run = await cli(REPO, ['verify', OLD]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^note: .*datapackage\.json: resource changelog is a data-resource, but a tabular-data-package holds tabular-data-resources only \(a known defect/m);
    expect(run.stdout).toMatch(/ok: .* verifies \(v1\.0\.0, 9 files, 45 records\)/);
  });

  it('is the base of the next release: the targets read from the same texts make it a minor release with no withdrawal, no addition and no weakened promise', async () => {
    const dir = await makeWorkspace();
    await cp(OLD, path.join(dir, 'dist', 'releases', 'v1.0.0'), { recursive: true });
    const run = await cli(dir, ['release', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const changes = await readAssetJson<ChangesFile>(dir, '1.1.0', 'changes.json');
    expect([changes.from, changes.bump, changes.source]).toEqual(['1.0.0', 'minor', { commit: null, previousCommit: null, history: 'unavailable' }]);
    expect(changes.summary).toMatchObject({ added: 0, removed: 0, renumbered: 0, weakened: 0 });
    const now = await readAssetJson<CommitmentsFile>(dir, '1.1.0', 'commitments.json');
    const withTargets = now.records.filter((r) => r.targets!.length > 0).map((r) => r.id);
    const modified = changes.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'modified' ? [c] : []));
    // Every commitment that states a target is modified (its targets added); the only other
    // fields that may change are those the improved deadline reading derives (due, ongoing).
    expect(withTargets.every((id) => modified.some((c) => c.id === id && c.fields.targets))).toBe(true);
    for (const c of modified) expect(Object.keys(c.fields).filter((f) => !['targets', 'due', 'ongoing'].includes(f))).toEqual([]);
    expect(modified.every((c) => c.effects!.length === 0)).toBe(true); // no text changed: no promise changed
    expect(changes.changes.filter((c) => c.scope === 'city')).toEqual([]);
    expect((await cli(dir, ['verify', 'dist/releases/v1.1.0'])).code).toBe(0);
  });
});
