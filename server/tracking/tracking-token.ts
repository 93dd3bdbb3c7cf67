// The signed tokens in tracking links: an open names the message, a click the message and which of its links.
import { sign, verifySignature } from '../lib/signing.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INDEX = /^(0|[1-9]\d{0,3})$/;

export function openToken(secretKey: Buffer, messageId: string): string {
  return `${messageId}.${sign(secretKey, 'track-open', messageId)}`;
}

export function readOpenToken(secretKey: Buffer, token: string): { messageId: string } | undefined {
  const [messageId, signature, ...rest] = token.split('.');
  if (rest.length || !messageId || !UUID.test(messageId)) return undefined;
  return verifySignature(secretKey, 'track-open', messageId, signature) ? { messageId } : undefined;
}

export function clickToken(secretKey: Buffer, messageId: string, linkIndex: number): string {
  const payload = `${messageId}.${linkIndex}`;
  return `${payload}.${sign(secretKey, 'track-click', payload)}`;
}

export function readClickToken(secretKey: Buffer, token: string): { messageId: string; linkIndex: number } | undefined {
  const [messageId, index, signature, ...rest] = token.split('.');
  if (rest.length || !messageId || !UUID.test(messageId) || !INDEX.test(index ?? '')) return undefined;
  if (!verifySignature(secretKey, 'track-click', `${messageId}.${index}`, signature)) return undefined;
  return { messageId, linkIndex: Number(index) };
}

export const openPixelUrl = (publicUrl: string, secretKey: Buffer, messageId: string) => `${publicUrl}/t/o/${openToken(secretKey, messageId)}.gif`;
export const clickUrl = (publicUrl: string, secretKey: Buffer, messageId: string, linkIndex: number) => `${publicUrl}/t/c/${clickToken(secretKey, messageId, linkIndex)}`;
