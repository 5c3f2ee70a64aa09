import fs from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { locateRareFont } from '../../hardware/printer/rare-fonts.ts';
import { contentSecurityPolicy } from '../host/csp.ts';
import { appHost, appScheme } from './window.ts';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.ttf': 'font/ttf',
};

/** `app://kiosk/…` serves the built renderer with our CSP; anything outside that folder is refused. */
export function serveRendererProtocol(
  protocol: Protocol,
  rendererDir: string,
  catalogImagesDir: string,
): void {
  const rendererRoot = path.resolve(rendererDir);
  const imagesRoot = path.resolve(catalogImagesDir);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Not found', { status: 404 });
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    // Rare-character fonts: packaged under resources/fonts (electron-builder.yml), known names only.
    const font = relative.startsWith('fonts/') ? locateRareFont(relative.slice('fonts/'.length)) : undefined;
    const fromCatalog = relative.startsWith('catalog/images/');
    const root = fromCatalog ? imagesRoot : rendererRoot;
    const file =
      font ?? path.resolve(root, fromCatalog ? relative.slice('catalog/images/'.length) : relative);
    if (!font && (!file.startsWith(root + path.sep) || (fromCatalog && !file.endsWith('.svg')))) {
      return new Response('Not found', { status: 404 });
    }
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy(),
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      // A missing or unreadable file under the renderer folder is exactly a 404; nothing else is read here.
      return new Response('Not found', { status: 404 });
    }
  });
}
