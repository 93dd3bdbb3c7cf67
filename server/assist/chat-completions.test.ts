// The model client's failure codes for names: DNS failures are told apart from refused addresses (fake name server, no network).
import { describe, expect, it } from 'vitest';
import { parseAllowList } from '../egress/index.ts';
import { complete, completionsUrl, type ModelCall } from './chat-completions.ts';

const call = (baseUrl: string, lookup: NonNullable<ModelCall['egress']['lookup']>): ModelCall => ({
  settings: { enabled: true, baseUrl, model: 'm', maskPii: true, roles: ['admin', 'agent'] },
  egress: { allow: parseAllowList(''), lookup },
  timeoutMs: 1_000,
});
const notFound = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('chat-completions client', () => {
  it('names a DNS failure', async () => {
    await expect(complete(call('http://llm.internal.example/v1', notFound), [])).rejects.toMatchObject({
      code: 'ai_dns_failed',
      message: 'The model server\'s name "llm.internal.example" does not resolve (DNS)',
    });
  });

  it('names an address the policy refuses, without connecting', async () => {
    await expect(
      complete(
        call('http://llm.internal.example/v1', async () => [{ address: '10.0.0.5', family: 4 }]),
        [],
      ),
    ).rejects.toMatchObject({ code: 'ai_destination_not_allowed' });
  });

  it('appends the chat-completions path once', () => {
    expect(completionsUrl('http://h:11434/v1/')).toBe('http://h:11434/v1/chat/completions');
    expect(completionsUrl('http://h/v1/chat/completions')).toBe('http://h/v1/chat/completions');
  });
});
