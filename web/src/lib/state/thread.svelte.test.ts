import { describe, expect, it } from 'vitest';
import { ThreadState } from './thread.svelte';
import { conversation, fakeServer, message } from '../../test/fake-server';

function threadServer(messages: ReturnType<typeof message>[]) {
  const store = [...messages];
  const server = fakeServer({
    'GET /api/conversations/c1': () => ({ ...conversation({ id: 'c1' }), contactId: 'contact-1' }),
    'GET /api/conversations/c1/messages': (request) =>
      request.query.get('cursor') === 'older'
        ? { items: [message({ id: 'm0', createdAt: '2026-11-19T10:00:00Z' })], nextCursor: null }
        : { items: store.slice(-2), nextCursor: store.length > 2 ? 'older' : null },
    'POST /api/conversations/c1/messages': (request) => {
      const created = message({
        id: `m${store.length + 1}`,
        direction: 'out',
        private: request.body.private ?? false,
        text: request.body.text,
        attachments: (request.body.attachmentIds ?? []).map((id: string) => ({
          id,
          filename: `${id}.pdf`,
          contentType: 'application/pdf',
          size: 3,
          url: `/api/attachments/${id}`,
          refused: null,
          pending: false,
        })),
        status: 'queued',
        createdAt: '2026-11-21T10:00:00Z',
      });
      store.push(created);
      return { status: 201, body: created };
    },
    'POST /api/uploads': (request) => ({ status: 201, body: { id: 'up-1', filename: request.body.file.name, contentType: 'application/pdf', size: request.body.file.size } }),
    'PATCH /api/conversations/c1': (request) => ({ ...conversation({ id: 'c1', ...request.body }), contactId: 'contact-1' }),
  });
  return { server, store };
}

describe('ThreadState', () => {
  it('shows messages oldest first and pages back in time', async () => {
    const { server } = threadServer([
      message({ id: 'm1', createdAt: '2026-11-20T10:00:00Z' }),
      message({ id: 'm2', createdAt: '2026-11-20T11:00:00Z' }),
      message({ id: 'm3', createdAt: '2026-11-20T12:00:00Z' }),
    ]);
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    expect(thread.messages.map((m) => m.id)).toEqual(['m2', 'm3']);
    await thread.loadOlder();
    expect(thread.messages.map((m) => m.id)).toEqual(['m0', 'm2', 'm3']);
    expect(thread.olderCursor).toBeNull();
  });

  it('sends a private note flagged private and shows it at once', async () => {
    const { server } = threadServer([message({ id: 'm1' })]);
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    expect(await thread.send({ text: 'Customer is VIP', private: true })).toBe(true);
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ text: 'Customer is VIP', private: true });
    expect(thread.messages.at(-1)).toMatchObject({ private: true, text: 'Customer is VIP' });
  });

  it('does not duplicate a sent message when the realtime refresh brings it back', async () => {
    const { server } = threadServer([message({ id: 'm1' })]);
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    await thread.send({ text: 'Hi there' });
    await thread.refresh();
    expect(thread.messages.filter((m) => m.text === 'Hi there')).toHaveLength(1);
  });

  it('keeps a failed send for the composer to explain', async () => {
    const server = fakeServer({
      'GET /api/conversations/c1': () => ({ ...conversation({ id: 'c1' }), contactId: 'x' }),
      'GET /api/conversations/c1/messages': () => ({ items: [], nextCursor: null }),
      'POST /api/conversations/c1/messages': () => ({ status: 422, body: { error: { code: 'no_channel', message: 'The contact has no reachable channel' } } }),
    });
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    expect(await thread.send({ text: 'Hello?' })).toBe(false);
    expect(thread.sendError).toMatchObject({ code: 'no_channel' });
  });

  it('applies a status change from the server answer', async () => {
    const { server } = threadServer([]);
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    await thread.update({ status: 'resolved' });
    expect(thread.conversation?.status).toBe('resolved');
  });

  it('uploads a file for the open conversation and sends a reply carrying only it', async () => {
    const { server } = threadServer([message({ id: 'm1' })]);
    const thread = new ThreadState(server.api, () => 1000);
    await thread.open('c1');
    thread.attachments.add([new File(['abc'], 'fatura.pdf', { type: 'application/pdf' })]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(thread.attachments.ids).toEqual(['up-1']);
    const upload = server.calls.find((c) => c.path === '/api/uploads')!;
    expect(upload.body.file).toBeInstanceOf(File);
    expect(await thread.send({ text: '', attachmentIds: thread.attachments.ids })).toBe(true);
    expect(server.calls.at(-1)!.body).toEqual({ text: '', attachmentIds: ['up-1'] });
    expect(thread.messages.at(-1)!.attachments.map((a) => a.filename)).toEqual(['up-1.pdf']);
  });

  it('drops the files picked for one conversation when another opens', async () => {
    const { server } = threadServer([message({ id: 'm1' })]);
    const thread = new ThreadState(server.api);
    await thread.open('c1');
    thread.attachments.add([new File([''], 'empty.txt')]);
    expect(thread.attachments.items).toHaveLength(1);
    await thread.open('c2');
    expect(thread.attachments.items).toEqual([]);
  });
});
