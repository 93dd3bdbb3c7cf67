// Which stored files a browser may show in place (image, audio, video) rather than only download.
// Dependency-free: the web app imports it too, so the thread previews exactly what the server serves inline.
// Nothing here can run script in our origin: no SVG, no HTML.
const INLINE = /^(image\/(png|jpeg|gif|webp)|audio\/(ogg|mpeg|mp4|aac|webm|wav)|video\/(mp4|webm))$/;

export type MediaKind = 'image' | 'audio' | 'video';

/** The media kind a file is shown as, or null for a plain download. Parameters (`; codecs=opus`) are ignored. */
export function inlineMediaKind(contentType: string): MediaKind | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!INLINE.test(type)) return null;
  return type.split('/')[0] as MediaKind;
}
