// The app:// scheme: registered as privileged before the app is ready, and served from the renderer's
// build (dist/web) with path traversal refused, explicit MIME types and the CSP on every response.
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin';
import { CSP } from './security';

/**
 * The scheme's privileges: standard (relative URLs and a real origin, so 'self' means app://lab),
 * secure (a secure context, like https), and fetch() support. No CORS, no service workers, no CSP bypass.
 */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } };

/** Content types by file extension; anything else is served as application/octet-stream. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.landscape': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The protocol module's parts used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: (typeof APP_SCHEME_PRIVILEGES)[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Registers app:// as privileged; must run before the app's ready event. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** The content type of a file name, from its extension. */
export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The file under `root` that an app://lab/ URL names ("/" is index.html), or null if the URL is not
 * ours or its path is refused: malformed escapes, NUL, backslashes, or a path leaving `root`
 * (`..`, encoded or not). Pure: does not touch the disk.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path.split('/').some((segment) => segment === '..')) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const full = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  return inside(resolve(root), full) ? full : null;
}

function reply(status: number, body: string | Uint8Array | null, contentType: string): Response {
  const headers = {
    'Content-Type': contentType,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  return new Response(body === null ? null : typeof body === 'string' ? body : new Uint8Array(body), { status, headers });
}

/**
 * Answers one app:// request from the files under `root` (dist/web): 200 with the file, 404 for a
 * missing or refused path (including a symbolic link out of `root`), 405 for methods other than GET
 * and HEAD. Every response carries the CSP and `nosniff`.
 */
export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed', 'text/plain; charset=utf-8');
  const notFound = () => reply(404, 'not found', 'text/plain; charset=utf-8');
  const full = resolveAppPath(root, request.url);
  if (full === null) return notFound();
  try {
    const real = await realpath(full);
    if (!inside(await realpath(root), real) || !(await stat(real)).isFile()) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(real);
    return reply(200, body, mimeType(real));
  } catch {
    return notFound();
  }
}

/** Serves app:// from `root`. Call after the app is ready. Side effect: installs the protocol handler. */
export function setupProtocol(protocol: Pick<ProtocolLike, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request));
}
