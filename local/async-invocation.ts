/**
 * Lambda's asynchronous invocation (how EventBridge invokes a function), on this machine:
 * the caller does not wait; a failed invocation is retried twice (deployed after about a
 * minute and two; here after a second and two, so a test need not wait), and one that
 * still fails is given up with its reason (deployed: into the dead-letter queue).
 */
export function asyncInvocation<E>(
  invoke: (event: E) => Promise<unknown>,
  onGivenUp: (event: E, error: unknown) => void,
  retryDelaysMs: readonly number[] = [1_000, 2_000],
) {
  return function invokeAsync(event: E): void {
    const attempt = async (retry: number): Promise<void> => {
      try {
        await invoke(event);
      } catch (error) {
        const delay = retryDelaysMs[retry];
        if (delay === undefined) return onGivenUp(event, error);
        setTimeout(() => void attempt(retry + 1), delay).unref();
      }
    };
    void attempt(0);
  };
}
