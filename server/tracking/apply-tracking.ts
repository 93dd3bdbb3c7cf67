// Marks up a marketing email for tracking as it is built for sending: the open pixel, signed click links, UTM tags.
import type { OutboundMessage } from '../../connectors/channel.ts';
import { messageLinks, rewriteHtmlLinks, rewriteTextLinks, withUtm, type LinkRules } from './message-links.ts';
import type { TrackingPlan } from './tracking-plan.ts';
import { clickUrl, openPixelUrl } from './tracking-token.ts';

export interface TrackingConfig {
  publicUrl: string;
  secretKey: Buffer;
}

export const linkRules = (publicUrl: string): LinkRules => ({ keepPrefix: `${publicUrl}/u/` });

/** Where a tracked link leads: the link as written, with the UTM tags the plan asks for. */
export function linkTarget(url: string, plan: TrackingPlan): string {
  return plan.utmCampaign ? withUtm(url, plan.utmCampaign) : url;
}

/**
 * Links are rewritten in the HTML part and the plain-text part (never mailto: nor the unsubscribe link, which the
 * footer adds after this); the pixel goes at the end of the HTML part. A text-only mail has nowhere to put a pixel,
 * so it is tracked by its clicks alone.
 */
export function withTracking(message: OutboundMessage, plan: TrackingPlan, config: TrackingConfig): OutboundMessage {
  const rules = linkRules(config.publicUrl);
  const link = (url: string, index: number) => (plan.clicks ? clickUrl(config.publicUrl, config.secretKey, message.id, index) : linkTarget(url, plan));
  const rewriting = plan.clicks || plan.utmCampaign;
  if (!message.html) return rewriting ? { ...message, text: rewriteTextLinks(message.text, rules, link) } : message;
  const byUrl = new Map<string, number>();
  messageLinks(message, rules).forEach((url, i) => byUrl.has(url) || byUrl.set(url, i));
  let html = rewriting ? rewriteHtmlLinks(message.html, rules, link) : message.html;
  if (plan.opens) html = `${html}\n<img src="${openPixelUrl(config.publicUrl, config.secretKey, message.id)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`;
  return { ...message, html, text: rewriting ? rewriteTextLinks(message.text, rules, link, byUrl) : message.text };
}
