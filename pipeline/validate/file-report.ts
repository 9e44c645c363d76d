import { LineIndex, locateJson, offsetOfPointer, type JsonLocations } from '../seeds/json-source.ts';
import { PROBLEM_CODES, type Problem, type ProblemCode } from './codes.ts';

/**
 * Collects the problems of one file and turns JSON pointers into line and column.
 * Locations are computed only when a problem is reported, so clean files cost nothing extra.
 */
export class FileReport {
  readonly problems: Problem[] = [];
  private locations: JsonLocations | undefined;
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly file: string,
    /** Decoded text, BOM removed (offsets are relative to it). */
    readonly text: string,
    /** 1 when a BOM was stripped, so reported columns on line 1 still match the editor. */
    private readonly columnShift = 0,
  ) {}

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  locate(): JsonLocations {
    this.locations ??= locateJson(this.text);
    return this.locations;
  }

  position(offset: number): { line: number; col: number } {
    this.lineIndex ??= new LineIndex(this.text);
    const pos = this.lineIndex.position(offset);
    return pos.line === 1 ? { line: 1, col: pos.col + this.columnShift } : pos;
  }

  /** Reports a problem at a text offset. */
  atOffset(code: ProblemCode, offset: number, pointer: string, message: string): void {
    const { line, col } = this.position(offset);
    this.problems.push({ severity: PROBLEM_CODES[code].severity, code, file: this.file, line, col, pointer, message });
  }

  /** Reports a problem at the value a JSON pointer names (or at its key, with `atKey`). */
  at(code: ProblemCode, pointer: string, message: string, atKey = false): void {
    this.atOffset(code, offsetOfPointer(this.locate(), pointer, atKey), pointer, message);
  }

  /** Reports a problem about the file as a whole (line 1, column 1). */
  atFile(code: ProblemCode, message: string): void {
    this.problems.push({ severity: PROBLEM_CODES[code].severity, code, file: this.file, line: 1, col: 1, pointer: '', message });
  }
}
