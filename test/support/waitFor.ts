/**
 * Waits for an asynchronous effect (a Slack call, a stored row, a tweet) to become
 * visible. Tests use it to wait, never to measure: the timeout only bounds how long
 * a broken test hangs before it fails with a readable message.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | null,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value) return value;
    } catch (error) {
      // A probe may read state that is not there yet (e.g. an index past the end):
      // keep polling, but remember why so the timeout message can say it.
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
