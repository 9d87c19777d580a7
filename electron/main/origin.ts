// Where the window's pages come from: the privileged custom scheme app://lab/ (never file://).

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host of that scheme. */
export const APP_HOST = 'lab';
/** The page the window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True for a URL on app://lab/. Compares protocol and host rather than `origin`: Node's URL gives
 * `"null"` as the origin of every custom-scheme URL, so comparing origins would accept any of them.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
