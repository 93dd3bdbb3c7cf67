// Moves a message's parked remote images back into place, once the agent asks for them.
import { isRemoteImage, REMOTE_IMAGE_ATTRIBUTE } from '../../../../../server/lib/remote-images.ts';

/** The sanitised email HTML with each parked http(s) image URL restored to `src`. */
export function loadRemoteImages(html: string): string {
  // DOMParser documents are inert: nothing in them loads or runs while we edit.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const img of doc.querySelectorAll<HTMLImageElement>(`img[${REMOTE_IMAGE_ATTRIBUTE}]`)) {
    const src = img.getAttribute(REMOTE_IMAGE_ATTRIBUTE);
    img.removeAttribute(REMOTE_IMAGE_ATTRIBUTE);
    if (isRemoteImage(src ?? undefined)) img.setAttribute('src', src!.trim());
  }
  return doc.body.innerHTML;
}
