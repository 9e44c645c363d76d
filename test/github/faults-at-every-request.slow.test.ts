/**
 * Each transient failure at every request of a publish in turn (request 1, then 2, … N, each
 * on a fresh fake GitHub): every run still ends with one complete release. The single-fault
 * cases and the failures that must stop a run are faults.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryRelease } from '../../pipeline/render/render-assets.ts';
import { mapConcurrent } from '../support/concurrency.ts';
import { FakeGithub, type Fault } from '../support/fake-github/server.ts';
import { countRequests, expectPublishedOnce, storeFor } from '../support/github-store.ts';
import { renderFirstRelease } from '../support/releases.ts';

let release: InMemoryRelease;
let total: number;
beforeAll(async () => {
  release = await renderFirstRelease();
  total = await countRequests(() => FakeGithub.start(), release);
});

/** Publishes with `fault` at the `at`-th request the fake receives; returns the fake's record. */
async function publishWithFaultAt(fault: Fault, at: number): Promise<{ faulted: boolean; status: string }> {
  const fake = await FakeGithub.start();
  try {
    fake.faults = (r) => (r.index === at ? fault : undefined);
    const result = await storeFor(fake).publish(release);
    expectPublishedOnce(fake, release);
    return { faulted: fake.requests.some((r) => r.fault === fault.kind), status: result.status };
  } finally {
    await fake.close();
  }
}

describe('transient failures at every request are survived', () => {
  const statuses = [500, 502, 503, 504];
  const cases: { label: string; fault: (at: number) => Fault }[] = [
    { label: 'a 5xx (500, 502, 503, 504 in turn)', fault: (at) => ({ kind: 'status', status: statuses[at % statuses.length]! }) },
    { label: 'a dropped connection', fault: () => ({ kind: 'drop' }) },
    { label: 'a dropped answer after the change was applied', fault: () => ({ kind: 'drop-after' }) },
  ];
  for (const { label, fault } of cases) {
    it(`${label} at request 1…N: one complete release each time`, async () => {
      const outcomes = await mapConcurrent(
        Array.from({ length: total }, (_, i) => i + 1),
        16,
        (at) => publishWithFaultAt(fault(at), at),
      );
      expect(outcomes).toHaveLength(total);
      expect(outcomes.every((o) => o.faulted && o.status === 'published')).toBe(true);
    });
  }
});
