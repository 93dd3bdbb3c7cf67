// Whether kept opt-outs still wait for the database, as the marketing lane asks it before each claim.
import { describe, expect, it } from 'vitest';
import { SpoolWatch } from './spool-watch.ts';

const noTimers = { set: () => 0, clear: () => {} };

describe('the spool watch', () => {
  it('holds marketing from the start until the first pass has looked at the kept opt-outs', () => {
    const watch = new SpoolWatch();
    expect(watch.optOutsWaiting).toBe(false); // no pass started: nothing is kept either
    watch.start(async () => ({ waiting: false }), noTimers);
    expect(watch.optOutsWaiting).toBe(true);
    watch.lookingAtOptOuts()(false);
    expect(watch.optOutsWaiting).toBe(false);
  });

  it('waits while the pass stops for want of the database, and no longer once it has recorded them', () => {
    const watch = new SpoolWatch();
    watch.kept({ optOut: true });
    expect(watch.optOutsWaiting).toBe(true);
    watch.lookingAtOptOuts()(true);
    expect(watch.optOutsWaiting).toBe(true);
    watch.lookingAtOptOuts()(false);
    expect(watch.optOutsWaiting).toBe(false);
  });

  it('still waits for an opt-out kept while a pass ran, which that pass may not have seen', () => {
    const watch = new SpoolWatch();
    const seen = watch.lookingAtOptOuts();
    watch.kept({ optOut: true });
    seen(false);
    expect(watch.optOutsWaiting).toBe(true);
    watch.lookingAtOptOuts()(false);
    expect(watch.optOutsWaiting).toBe(false);
  });

  it('is not held by other kept files (a shop order, an SMS)', () => {
    const watch = new SpoolWatch();
    watch.kept();
    expect(watch.optOutsWaiting).toBe(false);
  });
});
