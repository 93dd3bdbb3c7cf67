// The figures a crash scenario prints (`<scenario> (<db>) <name>: <value>`) and the checks that fail the run.
export class Figures {
  readonly values: Array<[string, number]> = [];
  readonly failures: string[] = [];

  constructor(readonly scenario: string) {}

  set(name: string, value: number) {
    this.values.push([name, value]);
  }

  /** Records a failure unless `ok`; the run exits non-zero when any check failed. */
  check(ok: boolean, failure: string) {
    if (!ok) this.failures.push(failure);
  }

  print(database: string) {
    for (const [name, value] of this.values) console.log(`${this.scenario} (${database}) ${name}: ${value}`);
    for (const failure of this.failures) console.log(`${this.scenario} (${database}) FAILED: ${failure}`);
  }
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` at once, each worker awaiting `gate()` before taking the next. */
export async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>, gate: () => Promise<void> = async () => {}) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        await gate();
        const i = next++;
        if (i >= total) return;
        await task(i);
      }
    }),
  );
}
