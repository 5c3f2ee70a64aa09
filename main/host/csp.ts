/** The renderer's Content-Security-Policy, the same for both hosts: only our own scripts and
 *  styles, no eval, no plugins, no framing, network only to the API. */
export function contentSecurityPolicy(options: { connectOrigin?: string } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${options.connectOrigin ? ` ${options.connectOrigin}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
