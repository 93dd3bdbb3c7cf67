// A campaign message as the form holds it (subject and body in English and Turkish), and the template saved from it.
import type { NewTemplate } from '../api';

export interface MessageDraft {
  subjectEn: string;
  subjectTr: string;
  bodyEn: string;
  bodyTr: string;
}

export const newMessage = (): MessageDraft => ({ subjectEn: '', subjectTr: '', bodyEn: '', bodyTr: '' });

export const hasBody = (message: MessageDraft): boolean => Boolean(message.bodyEn.trim() || message.bodyTr.trim());

/**
 * A language is written when its body is; its subject goes with it (email only; an email without one goes out under the
 * campaign's name). English is the fallback language when written.
 */
export function toTemplate(message: MessageDraft): Omit<NewTemplate, 'name'> {
  const languages: Record<string, { subject?: string; body: string }> = {};
  const add = (language: 'en' | 'tr', subject: string, body: string) => {
    if (body.trim()) languages[language] = { ...(subject.trim() && { subject: subject.trim() }), body: body.trim() };
  };
  add('en', message.subjectEn, message.bodyEn);
  add('tr', message.subjectTr, message.bodyTr);
  return { fallbackLanguage: languages.en ? 'en' : 'tr', languages };
}
