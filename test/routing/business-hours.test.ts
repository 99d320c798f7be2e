import { openState, parseBusinessHours, BusinessHoursError } from '../../src/routing/business-hours';

const hours = parseBusinessHours(
  JSON.stringify({
    default: { timezone: 'Europe/Berlin', weekly: { mon: ['09:00-12:00', '13:00-17:30'], tue: ['09:00-17:30'] }, holidays: ['2026-12-22'] },
    numbers: { '+254711082000': { timezone: 'Africa/Nairobi', weekly: { mon: ['08:00-20:00'] } } },
  }),
  'test',
);

describe('business hours', () => {
  it.each([
    ['2026-11-23T08:30:00Z', true], // Monday 09:30 in Berlin
    ['2026-11-23T11:30:00Z', false], // 12:30, lunch
    ['2026-11-23T16:29:00Z', true], // 17:29
    ['2026-11-23T16:30:00Z', false], // 17:30, end is exclusive
    ['2026-11-25T10:00:00Z', false], // Wednesday: no hours
  ])('the default line at %s is open: %s', (iso, open) => {
    expect(openState(hours, '+4930123456', new Date(iso)).open).toBe(open);
  });

  it('is closed on a holiday even in opening hours', () => {
    expect(openState(hours, '+4930123456', new Date('2026-12-22T10:00:00Z'))).toEqual({ open: false, reason: 'holiday' });
  });

  it('uses a number\'s own schedule and time zone', () => {
    expect(openState(hours, '+254711082000', new Date('2026-11-23T05:30:00Z')).open).toBe(true); // 08:30 in Nairobi
    expect(openState(hours, '+254711082000', new Date('2026-11-23T17:30:00Z')).open).toBe(false); // 20:30
  });

  it('rejects a malformed schedule with the field named', () => {
    expect(() => parseBusinessHours('{"default":{"timezone":"Mars/Base","weekly":{}}}', 'env')).toThrow(BusinessHoursError);
    expect(() => parseBusinessHours('{"default":{"timezone":"UTC","weekly":{"mon":["9-5"]}}}', 'env')).toThrow(/default\.weekly\.mon\.0/);
  });
});
