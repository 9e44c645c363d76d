import { beforeAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipeline/errors.ts';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import type { PublishResult } from '../../pipeline/store/store.ts';
import { FakeGithub } from '../support/fake-github/server.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { countRequests, expectPublishedOnce, storeFor } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';

let release: InMemoryRelease;
let other: InMemoryRelease; // v1.0.0 again, other bytes
let total: number;
beforeAll(async () => {
  release = await renderFirstRelease(1_700_000_000);
  other = await renderFirstRelease(1_710_000_000);
  total = await countRequests(() => FakeGithub.start(), release);
});

type Outcome = PublishResult | PipelineError;
const settle = (p: Promise<PublishResult>): Promise<Outcome> =>
  p.catch((e: unknown) => {
    if (e instanceof PipelineError) return e;
    throw e;
  });

/** Publisher A starts; publisher B starts when GitHub receives A's `offset`-th request (0: together). */
async function race(first: InMemoryRelease, second: InMemoryRelease, offset: number): Promise<{ fake: FakeGithub; a: Outcome; b: Outcome }> {
  const fake = await FakeGithub.start();
  let b: Promise<Outcome> | null = null;
  const startB = (): void => {
    b ??= settle(storeFor(fake).publish(second));
  };
  fake.faults = (r) => {
    if (r.index === offset) startB();
    return undefined;
  };
  const a = settle(storeFor(fake).publish(first));
  if (offset === 0) startB();
  const outcomeA = await a;
  startB(); // A was quicker than the offset: B runs after it
  return { fake, a: outcomeA, b: await b! };
}

const statusOf = (o: Outcome): string => (o instanceof PipelineError ? o.code : o.status);

describe('two publishers racing for the same version', () => {
  it('same bytes, started together: one release, one set of assets, no draft left', async () => {
    const { fake, a, b } = await race(release, release, 0);
    try {
      expect(fake.requests.filter((r) => r.method === 'POST' && r.template === '/repos/{owner}/{repo}/releases')).toHaveLength(2); // both made a draft
      expect([statusOf(a), statusOf(b)].sort()).toEqual(['published', 'unchanged']);
      expectPublishedOnce(fake, release);
    } finally {
      await fake.close();
    }
  });

  it('same bytes, the second starting at every request of the first: always one release, one set of assets', async () => {
    const offsets = Array.from({ length: total }, (_, i) => i + 1);
    const results = await mapConcurrent(offsets, 16, async (offset) => {
      const { fake, a, b } = await race(release, release, offset);
      try {
        expectPublishedOnce(fake, release);
        return [statusOf(a), statusOf(b)];
      } finally {
        await fake.close();
      }
    });
    for (const pair of results) expect(pair.filter((s) => s === 'published').length).toBeGreaterThanOrEqual(1);
    for (const pair of results) expect(pair.every((s) => s === 'published' || s === 'unchanged')).toBe(true);
  });

  it('different bytes: one wins whole, the other is refused; never a mix, no draft left', async () => {
    // Together, and the second starting at every other request of the first.
    const offsets = [0, ...Array.from({ length: Math.ceil(total / 2) }, (_, i) => 2 * i + 1)];
    const winners = await mapConcurrent(offsets, 16, async (offset) => {
      const { fake, a, b } = await race(release, other, offset);
      try {
        const statuses = [statusOf(a), statusOf(b)];
        expect(statuses.sort()).toEqual(['E_PUBLISH_CONFLICT', 'published']);
        const winner = statusOf(a) === 'published' ? release : other;
        expectPublishedOnce(fake, winner);
        return winner === release ? 'first' : 'second';
      } finally {
        await fake.close();
      }
    });
    expect(winners).toContain('first');
  });
});
