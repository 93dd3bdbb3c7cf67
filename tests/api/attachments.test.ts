// Files in replies through the HTTP API: upload, attach to a reply or note, the file reaches the channel, limits and bad ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, eventually, postInbound, webhookReceiver } from '../support/api-channel.ts';
import { sweepUploads } from '../../server/files/sweep-uploads.ts';
import { signedFileUrl } from '../../server/files/signed-file-url.ts';
import type { MemoryStorage } from '../support/fixtures.ts';
import { uploads } from '../../server/db/schema/index.ts';

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1]);
const pdf = new TextEncoder().encode('%PDF-1.4 fatura 1001');
const MAX = 4096;

describe('attachments in replies', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let clock = new Date('2026-11-20T09:00:00Z');
  const receiver = webhookReceiver();
  let channel: { id: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { ULAK_MAX_ATTACHMENT_BYTES: String(MAX) }, now: () => clock });
    admin = await Client.admin(t.app);
    agent = await admin.user(['agent']);
    channel = await createApiChannel(admin, receiver.url);
  });
  afterAll(async () => {
    receiver.stop();
    await t.close();
  });

  let n = 0;
  async function conversation() {
    n += 1;
    return (await postInbound(t.app, channel, { externalId: `a${n}`, from: { id: `cust-${n}`, name: 'Deniz' }, text: 'Faturamı gönderir misiniz?' })).body.conversationId as string;
  }
  const upload = async (client: Client, name: string, content: Uint8Array | string, type = '') => {
    const r = await client.upload(name, content, type);
    expect(r.status).toBe(201);
    return r.body as { id: string; filename: string; contentType: string; size: number };
  };
  const reply = (client: Client, conv: string, body: object, headers?: Record<string, string>) => client.call('POST', `/api/conversations/${conv}/messages`, body, headers);
  const messageIn = async (conv: string, id: string) => (await admin.ok('GET', `/api/conversations/${conv}/messages`)).items.find((m: any) => m.id === id);

  it('stores an upload with a safe name and a sniffed type, for agents only', async () => {
    const file = await upload(agent, '..\\..\\ürün <foto>.png', png, 'application/octet-stream');
    expect(file).toEqual({ id: expect.any(String), filename: 'ürün _foto_.png', contentType: 'image/png', size: png.byteLength });
    const marketer = await admin.user(['marketer']);
    expect((await marketer.upload('a.pdf', pdf)).status).toBe(403);
    expect((await new Client(t.app).upload('a.pdf', pdf)).status).toBe(401);
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(doc.paths['/api/uploads'].post.requestBody.content['multipart/form-data'].schema.required).toEqual(['file']);
  });

  it('refuses an empty file, a file over the size limit, a non-multipart body and two files at once', async () => {
    expect(await agent.upload('empty.txt', '')).toMatchObject({ status: 422, body: { error: { code: 'empty_file', message: '"empty.txt" is empty' } } });
    const over = await agent.upload('big.bin', new Uint8Array(MAX + 1));
    expect(over).toMatchObject({ status: 413, body: { error: { code: 'file_too_large', message: '"big.bin" is 4 KB, over the 4 KB limit for attachments' } } });
    // Far over: refused from the body size alone, before the multipart body is read.
    const huge = await agent.upload('huge.bin', new Uint8Array(MAX + 200_000));
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'file_too_large', message: 'The file is over the 4 KB limit for attachments' } } });
    expect((await agent.call('POST', '/api/uploads', { file: 'x' })).status).toBe(415);
    const two = new FormData();
    two.append('file', new File([pdf], 'a.pdf'));
    two.append('other', new File([pdf], 'b.pdf'));
    expect(await agent.call('POST', '/api/uploads', two)).toMatchObject({ status: 422, body: { error: { message: 'file: upload one file per request' } } });
  });

  it('sends the uploaded files with the reply to the channel, and shows them in the thread', async () => {
    const conv = await conversation();
    const a = await upload(agent, 'urun.png', png, 'image/png');
    const b = await upload(agent, 'fatura.pdf', pdf);
    const sent = await reply(agent, conv, { text: 'Faturanız ekte', attachmentIds: [a.id, b.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([
      { id: a.id, filename: 'urun.png', contentType: 'image/png', size: png.byteLength, url: `/api/attachments/${a.id}`, refused: null, pending: false },
      { id: b.id, filename: 'fatura.pdf', contentType: 'application/pdf', size: pdf.byteLength, url: `/api/attachments/${b.id}`, refused: null, pending: false },
    ]);
    const hook = await eventually(() => receiver.received.find((r) => r.id === sent.body.id));
    expect(hook.attachments).toEqual([
      { filename: 'urun.png', contentType: 'image/png', contentBase64: Buffer.from(png).toString('base64') },
      { filename: 'fatura.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(pdf).toString('base64') },
    ]);
    await eventually(async () => (await messageIn(conv, sent.body.id)).status === 'sent');
    const download = await admin.raw('GET', `/api/attachments/${b.id}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="fatura.pdf"; filename*=UTF-8''fatura.pdf`);
  });

  it('sends a reply that is only a file, and previews it by name in the list', async () => {
    const conv = await conversation();
    const file = await upload(agent, 'makbuz.pdf', pdf);
    const sent = await reply(agent, conv, { text: '  ', attachmentIds: [file.id] });
    expect(sent.status).toBe(201);
    const hook = await eventually(() => receiver.received.find((r) => r.id === sent.body.id));
    expect(hook).toMatchObject({ text: '', attachments: [expect.objectContaining({ filename: 'makbuz.pdf' })] });
    expect((await admin.ok('GET', `/api/conversations/${conv}`)).lastMessage.text).toBe('📎 makbuz.pdf');
    expect(await reply(agent, conv, { text: '' })).toMatchObject({ status: 422, body: { error: { message: 'text: must not be empty: write a message or attach a file' } } });
  });

  it('names the bad id: already sent, uploaded by someone else, or unknown; and nothing is saved', async () => {
    const conv = await conversation();
    const used = await upload(agent, 'a.pdf', pdf);
    expect((await reply(agent, conv, { text: 'first', attachmentIds: [used.id] })).status).toBe(201);
    const again = await reply(agent, conv, { text: 'second', attachmentIds: [used.id] });
    expect(again).toMatchObject({ status: 422, body: { error: { code: 'invalid_attachment', message: `attachmentIds: ${used.id} was already sent with another message` } } });

    const theirs = await upload(admin, 'b.pdf', pdf);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const mine = await upload(agent, 'c.pdf', pdf);
    const wrong = await reply(agent, conv, { text: 'third', attachmentIds: [mine.id, theirs.id, unknown] });
    expect(wrong).toMatchObject({ status: 422, body: { error: { message: `attachmentIds: ${theirs.id} is not a file you uploaded, or it expired unused` } } });
    expect((await reply(agent, conv, { text: 'x', attachmentIds: ['nope'] })).status).toBe(422);
    expect((await reply(agent, conv, { text: 'x', attachmentIds: Array.from({ length: 11 }, () => mine.id) })).status).toBe(422);
    // The failed reply rolled back: my upload is still free to use, and no "third" message exists.
    const texts = (await admin.ok('GET', `/api/conversations/${conv}/messages`)).items.map((m: any) => m.text);
    expect(texts).not.toContain('third');
    expect((await reply(agent, conv, { text: 'fourth', attachmentIds: [mine.id] })).status).toBe(201);
  });

  it('keeps files on a private note inside Ulak', async () => {
    const conv = await conversation();
    const file = await upload(agent, 'dekont.pdf', pdf);
    const note = await reply(agent, conv, { text: 'Dekont geldi', private: true, attachmentIds: [file.id] });
    expect(note.body).toMatchObject({ private: true, attachments: [expect.objectContaining({ id: file.id, filename: 'dekont.pdf' })] });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.some((r) => r.id === note.body.id || JSON.stringify(r).includes('dekont.pdf'))).toBe(false);
    // Marketers read conversations but not private notes: not their files either, even by id.
    const marketer = await admin.user(['marketer']);
    expect((await marketer.raw('GET', `/api/attachments/${file.id}`)).status).toBe(404);
    expect((await marketer.raw('HEAD', `/api/attachments/${file.id}`)).status).toBe(404);
    expect((await agent.raw('GET', `/api/attachments/${file.id}`)).status).toBe(200);
  });

  it('makes a double-submitted reply with files one message with the files linked once', async () => {
    const conv = await conversation();
    const file = await upload(agent, 'once.pdf', pdf);
    const body = { text: 'tek sefer', attachmentIds: [file.id] };
    const [a, b] = await Promise.all([reply(agent, conv, body, { 'idempotency-key': 'files-1' }), reply(agent, conv, body, { 'idempotency-key': 'files-1' })]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.attachments).toHaveLength(1);
    expect(b.body.attachments).toEqual(a.body.attachments);
    await eventually(async () => (await messageIn(conv, a.body.id)).status === 'sent');
    expect(receiver.received.filter((r) => r.text === 'tek sefer')).toEqual([expect.objectContaining({ attachments: [expect.objectContaining({ filename: 'once.pdf' })] })]);
  });

  it('serves a sent file through a signed link without a session, and refuses a forged or expired one', async () => {
    const conv = await conversation();
    const file = await upload(agent, 'kargo fotoğrafı.png', png, 'image/png');
    await reply(agent, conv, { text: 'foto', attachmentIds: [file.id] });
    const { config } = t.services;
    const url = new URL(signedFileUrl({ publicUrl: config.publicUrl, secretKey: config.secretKey, now: clock }, file.id));
    expect(url.origin).toBe('https://ulak.test');
    const anonymous = new Client(t.app);
    const res = await anonymous.raw('GET', url.pathname + url.search);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    // A stored file keeps its own policy, stricter than the app's.
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    // The exact Turkish name for browsers, an ASCII stand-in for old clients.
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="kargo foto_raf_.png"; filename*=UTF-8''kargo%20foto%C4%9Fraf%C4%B1.png`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    const forged = url.search.replace(/sig=./, (m) => (m.endsWith('0') ? 'sig=1' : 'sig=0'));
    expect((await anonymous.raw('GET', url.pathname + forged)).status).toBe(403);
    clock = new Date(clock.getTime() + 25 * 3600_000);
    expect((await anonymous.raw('GET', url.pathname + url.search)).status).toBe(403);
  });

  it('serves one range of a file, as a video player seeks, and reads only its size for HEAD', async () => {
    const conv = await conversation();
    const file = await upload(agent, 'kargo.png', png, 'image/png');
    await reply(agent, conv, { text: 'foto', attachmentIds: [file.id] });
    const url = `/api/attachments/${file.id}`;
    const whole = await agent.raw('GET', url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const etag = whole.headers.get('etag')!;
    expect(etag).toBe(`"${file.id}"`);

    const part = await agent.raw('GET', url, undefined, { range: 'bytes=8-11' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-11/${png.byteLength}`);
    expect(part.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(png.slice(8, 12));
    const tail = await agent.raw('GET', url, undefined, { range: 'bytes=-4', 'if-range': etag });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(png.slice(-4));

    // A range cut against another version of the file gets the whole file; a range past the end, a clear 416.
    const stale = await agent.raw('GET', url, undefined, { range: 'bytes=8-11', 'if-range': '"another"' });
    expect(stale.status).toBe(200);
    expect(new Uint8Array(await stale.arrayBuffer())).toEqual(png);
    const past = await agent.raw('GET', url, undefined, { range: `bytes=${png.byteLength}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${png.byteLength}`);
    expect((await past.json()).error.code).toBe('range_not_satisfiable');

    const head = await agent.raw('HEAD', url);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(png.byteLength));
    expect(head.headers.get('content-type')).toBe('image/png');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await agent.raw('HEAD', '/api/attachments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('forgets uploads left unsent for a day, file and all', async () => {
    const conv = await conversation();
    const stale = await upload(agent, 'stale.pdf', pdf);
    clock = new Date(clock.getTime() + 23 * 3600_000);
    const fresh = await upload(agent, 'fresh.pdf', pdf);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    const storage = t.services.storage as MemoryStorage;
    const filesBefore = storage.files.size;
    const pending = async () => (await t.services.database.db.select({ id: uploads.id }).from(uploads)).map((u) => u.id);
    const before = await pending();
    // The stale one, and those earlier tests uploaded and never sent: every upload but the fresh one.
    const removed = await sweepUploads(t.services);
    expect(await pending()).toEqual([fresh.id]);
    expect(removed).toBe(before.length - 1);
    expect(before).toContain(stale.id);
    expect(storage.files.size).toBe(filesBefore - removed);
    expect((await reply(agent, conv, { text: 'late', attachmentIds: [stale.id] })).status).toBe(422);
    expect((await reply(agent, conv, { text: 'in time', attachmentIds: [fresh.id] })).status).toBe(201);
  });
});
