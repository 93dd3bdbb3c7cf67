// An email always has a subject: the template's, in the contact's language, else the campaign's name. A campaign
// made without one (the web form has no subject field for a text message) would otherwise go out with none.

export function campaignSubject(templateSubject: string | null | undefined, campaignName: string, channelKind: string): string | undefined {
  if (templateSubject?.trim()) return templateSubject;
  return channelKind === 'email' ? campaignName : undefined;
}
