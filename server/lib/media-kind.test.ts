import { describe, expect, it } from 'vitest';
import { inlineMediaKind } from './media-kind.ts';

describe('inline media', () => {
  it('shows photos, voice notes and videos in place', () => {
    expect(inlineMediaKind('image/jpeg')).toBe('image');
    expect(inlineMediaKind('audio/ogg; codecs=opus')).toBe('audio');
    expect(inlineMediaKind('VIDEO/MP4')).toBe('video');
  });

  it('only downloads what could run script or is unknown', () => {
    for (const type of ['image/svg+xml', 'text/html', 'application/pdf', 'application/octet-stream', 'audio/x-unknown', '']) expect(inlineMediaKind(type)).toBeNull();
  });
});
