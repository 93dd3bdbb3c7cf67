// A Twilio-compatible REST root in place of https://api.twilio.com (a local test server, a compatible provider). The
// SDK has no base-URL option, so its own RequestClient (axios, form encoding, basic auth) is wrapped and only the
// origin of each request's URL is rewritten; Messaging Service calls (messaging.twilio.com) go to `<root>/messaging`.
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export function apiRootHttpClient(apiRoot: string): RequestClient {
  const root = apiRoot.replace(/\/+$/, '');
  const real = new twilio.RequestClient();
  const rewrite = (uri: string) => uri.replace(/^https:\/\/api\.twilio\.com/, root).replace(/^https:\/\/messaging\.twilio\.com/, `${root}/messaging`);
  return Object.assign(Object.create(real), {
    request: (opts: Parameters<RequestClient['request']>[0]) => real.request({ ...opts, uri: rewrite(opts.uri) }),
  });
}
