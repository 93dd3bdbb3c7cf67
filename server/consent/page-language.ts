// The language customer-facing consent texts use: Turkish for a Turkish-speaking contact, English otherwise.

export type PageLanguage = 'tr' | 'en';

export function pageLanguage(language: string | null | undefined): PageLanguage {
  return language?.toLowerCase().startsWith('tr') ? 'tr' : 'en';
}
