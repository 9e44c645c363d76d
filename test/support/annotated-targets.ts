/**
 * The hand-annotated target sets (test/fixtures/targets/<city>-2023.json) next to the seed texts
 * they annotate, both checked by a schema when read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { COMPARATORS } from '../../pipeline/promises/target.ts';
import { SeedSchema } from '../../pipeline/schemas/seed.ts';
import { REPO, SEEDS } from './paths.ts';

const AnnotatedTargetSchema = z.strictObject({
  span: z.string().min(1),
  value: z.number(),
  unit: z.string(),
  comparator: z.enum(COMPARATORS),
  indicator: z.string().min(1),
});
const AnnotationSchema = z.object({
  year: z.number().int(),
  city: z.string(),
  commitments: z.array(z.object({ city: z.string(), seq: z.number().int(), targets: z.array(AnnotatedTargetSchema) })),
});
export type AnnotatedTarget = z.infer<typeof AnnotatedTargetSchema>;

export interface AnnotatedCommitment {
  readonly seq: number;
  readonly text: string;
  readonly deadline: string;
  readonly targets: readonly AnnotatedTarget[];
}

/** The annotated commitments of one city's 2023 seed, with their texts. */
export function loadAnnotated(slug: 'jinan' | 'qingdao' | 'zibo'): AnnotatedCommitment[] {
  const seed = SeedSchema.parse(JSON.parse(readFileSync(path.join(SEEDS, '2023', `${slug}.json`), 'utf8')));
  const annotation = AnnotationSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'test', 'fixtures', 'targets', `${slug}-2023.json`), 'utf8')));
  if (annotation.city !== seed.city || annotation.year !== seed.year) throw new Error(`${slug}: annotation is for another city or year`);
  return seed.commitments.map((c) => {
    const annotated = annotation.commitments.find((a) => a.seq === c.seq);
    if (!annotated) throw new Error(`${slug} ${c.seq}: not annotated`);
    return { seq: c.seq, text: c.text, deadline: c.deadline, targets: annotated.targets };
  });
}

/** The commitment `seq` of a city's 2023 seed. */
export function seedCommitment(slug: 'jinan' | 'qingdao' | 'zibo', seq: number): AnnotatedCommitment {
  const found = loadAnnotated(slug).find((c) => c.seq === seq);
  if (!found) throw new Error(`${slug} has no commitment ${seq}`);
  return found;
}
