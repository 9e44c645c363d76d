/**
 * Where things are in the repository, for tests that read its files or run its CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (absolute, ending in a separator). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's real seeds/ folder. */
export const SEEDS = path.join(REPO, 'seeds');

/** The raw 2023 article committed in the repo. */
export const ARTICLE = path.join(SEEDS, 'sources', '2023-dazhong-ribao.txt');

/** The CLI's entry point, as `npm run cli` runs it. */
export const CLI_ENTRY = path.join(REPO, 'pipeline', 'cli.ts');

/** tsx's ESM loader, for `node --import` in child processes. */
export const TSX_LOADER = path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs');
