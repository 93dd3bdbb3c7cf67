// An action that may fail: its error is kept on the state for the view to show, and the caller hears whether it worked.

/** Clears `owner.error`, runs `work`, and answers true; if it throws, the error goes to `owner.error` and the answer is false. */
export async function attempt(owner: { error: unknown }, work: () => Promise<unknown>): Promise<boolean> {
  owner.error = null;
  try {
    await work();
    return true;
  } catch (error) {
    owner.error = error;
    return false;
  }
}
