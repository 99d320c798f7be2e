/** In-process listeners of the simulator API (onCallCreated, onDequeue). */

export type Listener<T> = (event: T) => void;

/** Adds a listener; the returned function removes it. */
export function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Listeners run synchronously, so a test sees the event as soon as the request resolves. A throwing
 * listener is a bug in the test or simulator; it is reported, but cannot turn the product's request
 * into a 500.
 */
export function emit<T>(listeners: Set<Listener<T>>, event: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error('voice-api-emulator: a listener threw', error);
    }
  }
}
