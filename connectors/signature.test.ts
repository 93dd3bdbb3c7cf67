import { describe, expect, it } from 'vitest';
import { sign, verify } from './signature.ts';

describe('the signature on everything Ulak sends and receives', () => {
  const body = JSON.stringify({ workflowId: 'wf-1', contactId: 'c1', at: '2026-06-10T12:00:00.000Z' });

  it('verifies a body signed with the same secret', () => {
    expect(sign('s3cret', body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify('s3cret', body, sign('s3cret', body))).toBe(true);
  });

  it('rejects another secret, an altered body, and a missing header', () => {
    const header = sign('s3cret', body);
    expect(verify('other', body, header)).toBe(false);
    expect(verify('s3cret', `${body} `, header)).toBe(false);
    expect(verify('s3cret', body, undefined)).toBe(false);
  });
});
