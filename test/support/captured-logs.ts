import { format } from 'node:util';

export interface CapturedLogs {
  /** Every line written through console while capturing, as it would have been printed. */
  readonly lines: string[];
  restore(): void;
}

/** Keeps what the code under test logs (in-process Functions log through console) instead of printing it. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(format(...args))));
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/** Every way a number or a secret could be written out: as is, as Zammad's digits, URL-encoded. */
function forms(value: string): string[] {
  if (!/^\+\d+$/.test(value)) return [value];
  const digits = value.slice(1);
  return [value, digits, `%2B${digits}`];
}

/** The captured lines that carry any of these phone numbers (E.164) or secrets whole, shortened for a readable failure. */
export function leaksIn(lines: readonly string[], sensitive: Iterable<string>): string[] {
  const needles = [...new Set([...sensitive].flatMap(forms))];
  return lines.filter((line) => needles.some((needle) => line.includes(needle))).map((line) => line.slice(0, 300));
}
