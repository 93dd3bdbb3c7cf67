// What tracking a marketing email gets, decided when it is queued and stored on the message (metadata.tracking),
// so the redirect later follows what was sent, whatever the workspace's settings are by then.
import type { TrackingSettings } from '../db/schema/index.ts';

export interface TrackingPlan {
  opens: boolean;
  clicks: boolean;
  /** The `utm_campaign` value (the campaign's or workflow's name as a slug); absent = no UTM parameters. */
  utmCampaign?: string;
}

/** Lower-case ASCII words joined by hyphens; Turkish letters folded ("Yaz İndirimi" → "yaz-indirimi"). */
export function slugify(name: string): string {
  const folded = name.toLocaleLowerCase('tr').replace(/[çğıöşü]/g, (c) => ({ ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u' })[c]!);
  const slug = folded
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'campaign';
}

/** Undefined when the workspace tracks nothing: the message goes out exactly as written. */
export function trackingPlan(settings: TrackingSettings, name: string): TrackingPlan | undefined {
  if (!settings.opens && !settings.clicks && !settings.utm) return undefined;
  return { opens: settings.opens, clicks: settings.clicks, ...(settings.utm ? { utmCampaign: slugify(name) } : {}) };
}

/** The plan stored on a message row, if any. */
export function storedPlan(metadata: Record<string, unknown>): TrackingPlan | undefined {
  const plan = metadata.tracking as TrackingPlan | undefined;
  return plan && typeof plan === 'object' ? plan : undefined;
}
