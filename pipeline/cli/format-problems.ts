import type { Problem } from '../validate/codes.ts';
import { PROBLEM_CODES } from '../validate/codes.ts';

export type OutputFormat = 'text' | 'json' | 'github';

/** `file:line:col severity message (CODE) pointer`, the way compilers print. */
export function formatProblemText(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.severity} ${p.message} (${p.code})${p.pointer ? ` ${p.pointer}` : ''}`;
}

// GitHub workflow commands: data and property values need these escapes.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,col=…,title=CODE::message`, shown inline on the PR's diff. */
export function formatProblemGithub(p: Problem): string {
  const props = [
    `file=${escapeProperty(p.file)}`,
    `line=${p.line}`,
    `col=${p.col}`,
    `title=${escapeProperty(p.code)}`,
  ].join(',');
  const message = `${p.message}${p.pointer ? ` at ${p.pointer}` : ''}. ${PROBLEM_CODES[p.code].hint}`;
  return `::${p.severity} ${props}::${escapeData(message)}`;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}

/** The whole report in one format; text and github end with a summary line. */
export function formatProblems(problems: readonly Problem[], format: OutputFormat, filesChecked: number): string {
  const { errors, warnings } = countBySeverity(problems);
  if (format === 'json') {
    return `${JSON.stringify({ ok: errors === 0, files: filesChecked, errors, warnings, problems }, null, 2)}\n`;
  }
  const lines = problems.map(format === 'github' ? formatProblemGithub : formatProblemText);
  const summary = `${filesChecked} seed file${filesChecked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  lines.push(format === 'github' ? (errors > 0 ? `::error::${summary}` : `::notice::${summary}`) : summary);
  return `${lines.join('\n')}\n`;
}
