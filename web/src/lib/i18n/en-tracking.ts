// English messages for email tracking (workspace setting, campaign figures); spread into en.ts.
export const enTracking = {
  'settings.tracking': 'Email tracking (marketing email only)',
  'settings.trackingHint': 'Off by default. Agent replies are never tracked. Opens by mail-client proxies such as Apple Mail Privacy Protection are counted apart, not as people.',
  'settings.tracking.opens': 'Track opens (an invisible image in HTML email)',
  'settings.tracking.clicks': 'Track clicks (links go through a signed redirect)',
  'settings.tracking.utm': 'Add UTM tags to links (utm_source=ulak, utm_medium=email, utm_campaign)',
  'campaign.figure.opened': 'Opened (people)',
  'campaign.figure.clicked': 'Clicked (people)',
  'campaign.figure.machineOpens': 'Opened by a machine (e.g. Apple Mail Privacy Protection)',
} as const;
