/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time goes, by project
 * function: each sample is charged to the nearest named function of this repository on its
 * stack (so a csv-stringify call counts for renderCsv, an anonymous comparator for the
 * function that sorts). tsx serves minified code, so line numbers would be meaningless:
 * functions are named by name and file. Samples with no project function on the stack are
 * charged to their library, to "(start-up: module loading)" or to the garbage collector.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** Project function (file), library or runtime activity. */
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

function projectFile(url: string, root: string): string | null {
  const file = url.replace(/^file:\/\//, '');
  if (!file.startsWith(`${root}/`) || file.includes('/node_modules/')) return null;
  return path.relative(root, file);
}

function fallback(frame: ProfileNode['callFrame']): string {
  const lib = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url)?.[1];
  if (lib) return `${lib} (library, outside any project function)`;
  if (frame.url.startsWith('node:internal/modules') || frame.url.includes('/tsx/') || frame.url.startsWith('node:internal/bootstrap')) return '(start-up: module loading)';
  return frame.functionName || frame.url || '(runtime)';
}

/** Where the time goes, largest first, charged to project functions. */
export async function summarizeProfile(file: string, root: string, top = 15): Promise<HotSpot[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const charged = new Map<number, string>();
  const chargeOf = (id: number): string => {
    const known = charged.get(id);
    if (known !== undefined) return known;
    const leaf = byId.get(id)!;
    let where = leaf.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : null;
    for (let at: number | undefined = id; where === null && at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const file = projectFile(frame.url, root);
      if (file && frame.functionName) where = `${frame.functionName} (${file})`;
    }
    where ??= fallback(leaf.callFrame);
    charged.set(id, where);
    return where;
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, k) => {
    const us = profile.timeDeltas[k] ?? 0;
    const where = chargeOf(id);
    if (where === '(idle)') return;
    self.set(where, (self.get(where) ?? 0) + us);
    total += us;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => ({ where, selfMs: us / 1000, share: total > 0 ? us / total : 0 }));
}
