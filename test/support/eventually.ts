/**
 * Runs `check` until it stops throwing, for at most `timeoutMs`: for state another process writes
 * (the page posts, the store changes a moment later). The last failure is what the test reports.
 */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 10_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() + intervalMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
