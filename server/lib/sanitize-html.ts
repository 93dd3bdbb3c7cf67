// Inbound HTML is sanitized before it is stored, so nothing unsafe ever reaches a browser, nor any read receipt.
import type sanitize from 'sanitize-html';
import { isRemoteImage, REMOTE_IMAGE_ATTRIBUTE } from './remote-images.ts';
import { loadLibrary, onFirstUse } from './on-first-use.ts';

const sanitizer = onFirstUse(() => {
  const library = loadLibrary('sanitize-html') as typeof sanitize;
  const inbound = inboundOptions(library.defaults.allowedTags);
  // Our own outgoing HTML (an HTML template): the same rules, except that its images stay where the author put them.
  const outbound: sanitize.IOptions = { ...inbound, transformTags: { a: inbound.transformTags!.a! } };
  return { library, inbound, outbound };
});

const inboundOptions = (defaultTags: string[]): sanitize.IOptions => ({
  allowedTags: [...defaultTags, 'img', 'span', 'font', 'center', 'u', 's', 'small', 'big', 'sup', 'sub', 'hr'],
  allowedAttributes: {
    '*': ['style', 'align', 'dir', 'lang', 'title'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', REMOTE_IMAGE_ATTRIBUTE],
    td: ['colspan', 'rowspan', 'width', 'valign', 'bgcolor'],
    th: ['colspan', 'rowspan', 'width', 'valign', 'bgcolor'],
    table: ['width', 'cellpadding', 'cellspacing', 'border', 'bgcolor'],
    font: ['color', 'face', 'size'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel', 'cid'],
  allowedSchemesByTag: { img: ['https', 'http', 'cid', 'data'] },
  allowProtocolRelative: false,
  // Styles may carry url() and expressions: keep only plain declarations.
  allowedStyles: {
    '*': {
      color: [/^[#a-z0-9(),.\s%]+$/i],
      'background-color': [/^[#a-z0-9(),.\s%]+$/i],
      'text-align': [/^(left|right|center|justify)$/],
      'font-size': [/^[\d.]+(px|em|rem|%|pt)$/],
      'font-weight': [/^(normal|bold|\d{3})$/],
      'font-style': [/^(normal|italic)$/],
      'text-decoration': [/^[a-z\s-]+$/],
      margin: [/^[\d.\s]+(px|em|%)?(\s[\d.]+(px|em|%)?)*$/],
      padding: [/^[\d.\s]+(px|em|%)?(\s[\d.]+(px|em|%)?)*$/],
    },
  },
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
    // A remote image would tell the sender each time the mail is read: park its URL. The sender's own
    // data-remote-src is dropped, so only http(s) URLs we parked ever wait there.
    img: (tagName, attribs) => {
      const { [REMOTE_IMAGE_ATTRIBUTE]: _theirs, src, ...rest } = attribs;
      if (isRemoteImage(src)) return { tagName, attribs: { ...rest, [REMOTE_IMAGE_ATTRIBUTE]: src.trim() } };
      return { tagName, attribs: src === undefined ? rest : { ...rest, src } };
    },
  },
});

export function sanitizeHtml(html: string): string {
  const { library, inbound } = sanitizer();
  return library(html, inbound);
}

/** Our own outgoing HTML: see `outbound` above. */
export function sanitizeOutboundHtml(html: string): string {
  const { library, outbound } = sanitizer();
  return library(html, outbound);
}
