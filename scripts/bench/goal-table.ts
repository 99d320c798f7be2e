/**
 * The benchmark's one table: each goal beside the figure measured, and whether it was met. A
 * figure without a goal is shown for what it is (met: null), never marked as met.
 */
export interface GoalRow {
  measure: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

const verdict = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'MISSED');

export function renderTable(rows: readonly GoalRow[]): string {
  const header = ['Measure', 'Goal', 'Measured', 'Result'];
  const cells = rows.map((r) => [r.measure, r.goal, r.measured, verdict(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export function renderMarkdown(rows: readonly GoalRow[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Measure | Goal | Measured | Result |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.measure, r.goal, r.measured, verdict(r.met)].map(escape).join(' | ')} |`),
  ].join('\n');
}

export function missed(rows: readonly GoalRow[]): GoalRow[] {
  return rows.filter((r) => r.met === false);
}
