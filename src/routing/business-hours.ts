import { parseJsonSetting } from '../config/json-setting';
import { z } from 'zod';
import { isTimeZone, wallClock } from '../time/time-zone';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

const span = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must look like 09:00-17:30');

export const scheduleSchema = z.object({
  timezone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' }),
  // A day left out is closed.
  weekly: z.partialRecord(z.enum(DAYS), z.array(span)),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).default([]),
});

export const businessHoursSchema = z.object({
  default: scheduleSchema,
  /** Per called number (E.164): numbers of different teams or countries keep their own hours. */
  numbers: z.record(z.string(), scheduleSchema).default({}),
});

export type Schedule = z.infer<typeof scheduleSchema>;
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export type OpenState = { open: true } | { open: false; reason: 'holiday' | 'closed' };

/** Whether a number's line is open at `now`, by the schedule in that number's own time zone. */
export function openState(hours: BusinessHours, calledNumber: string, now: Date): OpenState {
  return scheduleState(hours.numbers[calledNumber] ?? hours.default, now);
}

/** Whether a schedule is open at `now`, in its own time zone. */
export function scheduleState(schedule: Schedule, now: Date): OpenState {
  const { date, day, minutes } = localTime(now, schedule.timezone);
  if (schedule.holidays.includes(date)) return { open: false, reason: 'holiday' };
  const open = (schedule.weekly[day] ?? []).some((s) => {
    const [from, to] = s.split('-').map(toMinutes);
    return minutes >= from && minutes < to;
  });
  return open ? { open: true } : { open: false, reason: 'closed' };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function localTime(now: Date, timeZone: string): { date: string; day: Day; minutes: number } {
  const c = wallClock(now, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${c.year}-${pad(c.month)}-${pad(c.day)}`, day: c.weekday as Day, minutes: c.hour * 60 + c.minute };
}

export class BusinessHoursError extends Error {
  constructor(source: string, detail: string) {
    super(`business hours (${source}): ${detail}`);
    this.name = 'BusinessHoursError';
  }
}

export function parseBusinessHours(json: string, source: string): BusinessHours {
  return parseJsonSetting(json, businessHoursSchema, (detail) => new BusinessHoursError(source, detail));
}
