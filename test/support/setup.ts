/**
 * Run by vitest before every test file (setupFiles in vitest.config.ts): the hooks every
 * file gets. Registered first, its beforeEach runs before a file's own and its afterEach
 * and afterAll after them.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { endFileScope, endTestScope, startTestScope } from './temp-dir.ts';

beforeEach(() => startTestScope());
afterEach(() => endTestScope());
afterAll(() => endFileScope());
