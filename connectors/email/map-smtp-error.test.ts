import { describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { classifySmtpFailure, mapSmtpError } from './map-smtp-error.ts';

describe('mapSmtpError', () => {
  it('treats connection failures and 4xx replies as temporary', () => {
    expect(classifySmtpFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toBe('TEMPORARY');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT' })).toBe('TEMPORARY');
    expect(classifySmtpFailure({ code: 'ECONNRESET' })).toBe('TEMPORARY');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 4.3.0 try later' })).toBe('TEMPORARY');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 421, response: '421 closing' })).toBe('TEMPORARY');
  });

  it('treats 535 and nodemailer auth errors as AUTH', () => {
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 bad credentials' })).toBe('AUTH');
    expect(classifySmtpFailure({ code: 'EAUTH' })).toBe('AUTH');
  });

  it('treats 550/553 at RCPT, or "user unknown", as an invalid recipient', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no' })).toBe('INVALID_RECIPIENT');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'RCPT TO' })).toBe('INVALID_RECIPIENT');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 550, response: '550 User unknown' })).toBe('INVALID_RECIPIENT');
  });

  it('treats other 5xx replies as rejected', () => {
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 550, command: 'DATA', response: '550 5.7.1 spam' })).toBe('REJECTED');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, response: '554 rejected' })).toBe('REJECTED');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 552, response: '552 too big' })).toBe('REJECTED');
  });

  it('treats an unmet TLS requirement as a configuration problem', () => {
    expect(classifySmtpFailure({ code: 'ETLS', message: 'Server does not support STARTTLS' })).toBe('CONFIG');
    expect(classifySmtpFailure({ code: 'ETLS', responseCode: 500, response: '500 command not recognized', command: 'STARTTLS' })).toBe('CONFIG');
  });

  it('wraps the failure in a ChannelError that says whether to retry', () => {
    const temporary = mapSmtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 later' });
    expect(temporary).toBeInstanceOf(ChannelError);
    expect(temporary.retryable).toBe(true);
    expect(temporary.message).toBe('451 later');
    const final = mapSmtpError(Object.assign(new Error('x'), { responseCode: 550, command: 'RCPT TO' }));
    expect(final.code).toBe('INVALID_RECIPIENT');
    expect(final.retryable).toBe(false);
  });
});
