import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long one request (one webhook, one Function run) may wait on helpdesks in all, across
 * every delivery, lookup and retry it makes: Twilio waits 15 s for a webhook and a Function lives
 * 10 s, so what does not get through in time is left to the outbox's next flush.
 */
const budget = new AsyncLocalStorage<{ deadline: number }>();

/** Runs `work` with at most `ms` of helpdesk time in all; an inner budget replaces an outer one. */
export function withHelpdeskBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return budget.run({ deadline: Date.now() + ms }, work);
}

/** Milliseconds left of the current request's helpdesk time; Infinity outside any budget. */
export function helpdeskTimeLeft(): number {
  const current = budget.getStore();
  return current ? current.deadline - Date.now() : Number.POSITIVE_INFINITY;
}

/** Shorter than this an attempt could not get an answer even from a helpdesk next door. */
export const MIN_ATTEMPT_MS = 100;

/** Whether the current request has too little helpdesk time left for even one more attempt. */
export function helpdeskTimeSpent(): boolean {
  return helpdeskTimeLeft() < MIN_ATTEMPT_MS;
}
