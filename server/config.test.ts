import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = { ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/nonexistent/ulak-config-test' };

describe('ULAK_SEND_LEASE_SECONDS', () => {
  it('holds a claim on a reply for five minutes unless told otherwise', () => {
    expect(loadConfig(base).sendLeaseMs).toBe(300_000);
  });

  it('takes a shorter lease from the operator', () => {
    expect(loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '45' }).sendLeaseMs).toBe(45_000);
  });

  it('refuses a lease shorter than a provider call may take, naming the variable', () => {
    expect(() => loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '10' })).toThrow(/ULAK_SEND_LEASE_SECONDS: must be at least 30/);
  });
});
