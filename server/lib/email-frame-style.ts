// The one stylesheet inside the sandboxed email frame; shared so the CSP can allow exactly it by hash.
export const EMAIL_FRAME_STYLE = 'body{font-family:system-ui,sans-serif;font-size:14px;margin:8px;color:#1b1f24;word-wrap:break-word}img{max-width:100%;height:auto}';
