// A test send to the marketer: the campaign's message, rendered with a sample contact's values, to an address they
// give. It goes straight through the channel's connector and is stored nowhere, so no stats or consent apply to it.
import { campaignSubject } from './email-subject.ts';
import { renderTemplate } from '../../workflows/templates/render.ts';
import { ChannelError, type ChannelKind, type Identity } from '../../connectors/channel.ts';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import type { Database } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { normalizeEmail, normalizePhone } from '../lib/normalize-identity.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import { campaignAudience } from './campaign-audience.ts';
import { campaignDefinition, loadWithTemplate, loadWorkspaceRow } from './campaign-definition.ts';
import { loadPolicyChannels, type PolicyChannel } from './recipient-decision.ts';
import { messageBody } from '../outbound/message-body.ts';

export interface TestSendDeps {
  database: Database;
  runtime: ChannelRuntime;
  now(): Date;
  workspace: { timeZone: string; defaultRegion: string };
}

export interface TestSendInput {
  to: string;
  /** One of the campaign's channel accounts; by default the first whose kind `to` is an address for. */
  channelId?: string;
  /** Whose values fill the variables; by default the first contact of the audience. */
  contactId?: string;
  /** An A/B campaign's variant to send; by default variant A. */
  variant?: string;
}

const WHAT: Record<ChannelKind, string> = {
  email: 'an email address',
  sms: 'a phone number',
  whatsapp: 'a phone number',
  telegram: 'a Telegram chat id (digits)',
  api: 'a recipient id',
};

export async function testSendCampaign(deps: TestSendDeps, campaignId: string, input: TestSendInput) {
  const db = deps.database.db;
  const now = deps.now();
  const row = await loadWithTemplate(db, campaignId, input.variant);
  const ws = await loadWorkspaceRow(db);
  const definition = campaignDefinition(row, ws);
  const policy = await loadPolicyChannels(db, row.channelPolicy.channelIds);
  const { channel, to } = pickChannel(policy, input, deps.workspace.defaultRegion);
  const contact = await sampleContact(deps, campaignId, definition, input.contactId, now);
  const rendered = renderTemplate(definition.template, { contact, now, workspace: { name: ws.name, timeZone: ws.timeZone } });
  const live = await deps.runtime.instance(channel.id);
  if (live.driver.sendsThroughSession && !(await deps.runtime.holds(channel.id))) {
    throw new AppError(409, 'channel_elsewhere', 'This channel’s session runs in another process; send the test from there or use another channel');
  }
  const id = crypto.randomUUID();
  const domain = String(channel.config?.fromAddress ?? 'ulak@localhost').split('@')[1] ?? 'localhost';
  const subject = channel.kind === 'email' ? `[Test] ${campaignSubject(rendered.subject, definition.name, channel.kind)}` : undefined;
  const body = messageBody(rendered.body, { format: row.format, email: channel.kind === 'email' });
  try {
    const result = await live.channel.send({
      id,
      to,
      ...(channel.kind === 'email' ? body : { text: `[Test] ${body.text}` }),
      subject,
      threading: channel.kind === 'email' ? { messageId: `<test-${id}@${domain}>` } : undefined,
      headers: { 'X-Ulak-Test': 'campaign' },
    });
    return {
      sent: true,
      test: true,
      channelId: channel.id,
      kind: channel.kind,
      to: to.value,
      externalId: result.externalId,
      contactId: contact.id,
      variant: row.variants ? (input.variant ?? row.variants[0]!.key) : null,
      language: rendered.language,
      subject: subject ?? null,
      body: rendered.body,
      missingVariables: rendered.missing,
    };
  } catch (error) {
    if (error instanceof ChannelError) throw new AppError(502, 'test_send_failed', `The channel refused the test message: ${error.message}`, { channelCode: error.code, reason: error.message });
    throw error;
  }
}

/** The channel to test on and `to` as its identity; a `to` that is no address for the channel is refused in words. */
function pickChannel(policy: PolicyChannel[], input: TestSendInput, region: string): { channel: PolicyChannel; to: Identity } {
  if (!policy.length) throw new AppError(422, 'no_channel', 'The campaign has no active channel to send a test on');
  const candidates = input.channelId ? policy.filter((c) => c.id === input.channelId) : policy;
  if (!candidates.length) throw new AppError(422, 'unknown_channel', 'That channel is not one of the campaign’s channels');
  for (const channel of candidates) {
    const to = recipientFor(channel, input.to, region);
    if (to) return { channel, to };
  }
  const wanted = [...new Set(candidates.map((c) => `${WHAT[c.kind]} (${c.kind})`))].join(' or ');
  throw new AppError(422, 'invalid_recipient', `“${input.to}” is not ${wanted}`, [{ path: 'to', code: 'invalid_recipient', kinds: candidates.map((c) => c.kind) }]);
}

/** `to` as the identity this channel sends to, or undefined when it is not an address for it. */
export function recipientFor(channel: Pick<PolicyChannel, 'id' | 'kind'>, raw: string, region: string): Identity | undefined {
  const value = raw.trim();
  switch (channel.kind) {
    case 'email': {
      const email = normalizeEmail(value);
      return email ? { kind: 'email', value: email } : undefined;
    }
    case 'sms':
    case 'whatsapp': {
      // A phone number, not an email address that happens to hold digits.
      const phone = /^[+\d\s().-]+$/.test(value) ? normalizePhone(value, region) : undefined;
      return phone ? { kind: 'phone', value: phone } : undefined;
    }
    case 'telegram':
      return /^-?\d{1,20}$/.test(value) ? { kind: 'telegram', value } : undefined;
    case 'api':
      return /^[\w.:@+-]{1,200}$/.test(value) ? { kind: 'api', value: value.startsWith(`${channel.id}:`) ? value : `${channel.id}:${value}` } : undefined;
  }
}

async function sampleContact(deps: TestSendDeps, campaignId: string, definition: Parameters<typeof campaignAudience>[2], contactId: string | undefined, now: Date) {
  if (contactId) {
    const [chosen] = await loadContactFacts(deps.database.db, [contactId]);
    if (!chosen) throw new AppError(422, 'unknown_contact', 'That contact does not exist');
    return chosen;
  }
  for await (const page of campaignAudience(deps.database.db, campaignId, definition, now, deps.workspace.timeZone)) {
    const first = page.sends[0];
    if (first) return page.facts.get(first.contactId)!;
  }
  // An empty audience still gets a test: variables show their fallbacks, or blanks the template check would name.
  return { id: 'test', firstSeenAt: now };
}
