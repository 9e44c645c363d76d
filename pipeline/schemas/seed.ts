import { z } from 'zod';
import { SeedTargetSchema } from '../promises/schemas.ts';

/** Explicit commitment id: opaque, but restricted to characters safe in files, URLs and CSV. */
export const ID_PATTERN = '^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$';

/** The largest seq a commitment may have (a city's list is far shorter). */
export const MAX_SEQ = 100000;

/** One commitment (承诺事项) as a maintainer writes it in a seed file. */
export const SeedCommitmentSchema = z
  .object({
    id: z
      .string()
      .regex(new RegExp(ID_PATTERN))
      .optional()
      .describe('Explicit stable id. Normally omitted: ids are carried forward from the previous release.'),
    seq: z.int().min(1).max(MAX_SEQ).describe('序号: position within the city, 1..n without gaps.'),
    text: z.string().min(1).describe('承诺事项: the commitment text, exactly as published (NFC).'),
    deadline: z.string().min(1).describe('完成时间: the deadline phrase as published, e.g. 12月底前, 长期坚持.'),
    responsible: z
      .array(z.string().min(1))
      .min(1)
      .describe('责任人: the responsible officials, one name per entry.'),
    targets: z
      .array(SeedTargetSchema)
      .optional()
      .describe('指标: the quantitative targets of the text, written by a maintainer to correct the machine; they replace the extracted ones ([] for none).'),
    basis: z
      .string()
      .min(1)
      .optional()
      .describe('依据: the document this commitment, or its latest change, rests on (title and number, or a URL). Shown with its change.'),
  })
  .strict();

/** 联系人 / 办公电话 of a city. */
export const ContactSchema = z
  .object({
    name: z.string().min(1).describe('联系人'),
    phone: z.string().min(1).describe('办公电话, e.g. 0531-5170706'),
  })
  .strict();

/** Where the seed's content was published. */
export const SourceSchema = z
  .object({
    title: z.string().min(1).describe('Title of the published list, e.g. 2023年16市重点工作任务公开承诺事项'),
    publisher: z.string().min(1).describe('Publisher, e.g. 大众日报'),
    intro: z.string().min(1).optional().describe('The introductory paragraph(s) of the article, verbatim; paragraphs are separated by a line break (\n).'),
    url: z.string().min(1).optional().describe('Where the article can be read.'),
    date: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
      .optional()
      .describe('The day the article was published (YYYY-MM-DD).'),
  })
  .strict();

/** A seed file: one city in one year (seeds/<year>/<slug>.json). */
export const SeedSchema = z
  .object({
    $schema: z.string().optional().describe('Path to this schema, for editors.'),
    year: z.int().min(2000).max(2100).describe('The year of the commitments; must match the folder name.'),
    city: z.string().min(1).describe('City name as published, e.g. 济南市; must match the file name slug.'),
    complete: z.boolean().describe('false when the source was cut off and the list is known to be incomplete.'),
    contact: ContactSchema.nullable().describe('The city contact; may be null only when complete is false.'),
    source: SourceSchema,
    commitments: z.array(SeedCommitmentSchema),
  })
  .strict()
  .meta({
    $id: 'seed.schema.json',
    title: 'Shandong city commitments: seed file',
    description: 'One city and one year of 山东16市重点工作任务公开承诺事项, maintained by hand in seeds/<year>/<slug>.json.',
  });

export type SeedCommitment = z.infer<typeof SeedCommitmentSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Seed = z.infer<typeof SeedSchema>;

/** The key order of the canonical layout, per object kind: the order the schemas above declare them in. */
export const SEED_KEY_ORDER: readonly string[] = Object.keys(SeedSchema.shape);
export const COMMITMENT_KEY_ORDER: readonly string[] = Object.keys(SeedCommitmentSchema.shape);
export const CONTACT_KEY_ORDER: readonly string[] = Object.keys(ContactSchema.shape);
export const SOURCE_KEY_ORDER: readonly string[] = Object.keys(SourceSchema.shape);

/** Relative path from a seed file to its schema, written into every seed file. */
export const SEED_SCHEMA_REF = '../../schemas/seed.schema.json';
