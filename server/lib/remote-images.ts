// Remote images in mail are tracking beacons: they are parked in an attribute until an agent loads them.

/** Where a remote image's URL waits; the web app moves it back to `src` for one message on request. */
export const REMOTE_IMAGE_ATTRIBUTE = 'data-remote-src';

const REMOTE = /^https?:\/\//i;
// Sanitised HTML escapes < and > in text and attribute values, so this can only match a real <img> tag.
const PARKED = new RegExp(`<img\\b[^>]*\\s${REMOTE_IMAGE_ATTRIBUTE}="`);

/** True for an image URL that would reach a third party (cid: and data: images are part of the message). */
export function isRemoteImage(src: string | undefined): src is string {
  return !!src && REMOTE.test(src.trim());
}

/** True when sanitised HTML holds images parked by the sanitiser. */
export function hasRemoteImages(html: string | null | undefined): boolean {
  return !!html && PARKED.test(html);
}
