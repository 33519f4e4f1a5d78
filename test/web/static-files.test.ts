// The header CSP is the renderer's own meta CSP (plus frame-ancestors), read from the page itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf } from '../../common/mime-types';
import { cspFromIndexHtml } from '../../main/web/static-files';

describe('cspFromIndexHtml', () => {
  it("takes the renderer's meta CSP and adds frame-ancestors 'none'", () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /content="(default-src[^"]*)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(cspFromIndexHtml(html)).toBe(`${meta}; frame-ancestors 'none'`);
  });

  it('reads single-quoted attributes, keeps an explicit frame-ancestors, and falls back when there is none', () => {
    const single = `<meta content='default-src "self"' http-equiv='Content-Security-Policy'>`;
    expect(cspFromIndexHtml(single)).toBe(`default-src "self"; frame-ancestors 'none'`);
    const own = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; frame-ancestors 'self';">`;
    expect(cspFromIndexHtml(own)).toBe("default-src 'self'; frame-ancestors 'self'");
    expect(cspFromIndexHtml('<html></html>')).toMatch(/^default-src 'self'; object-src 'none'.*frame-ancestors 'none'$/);
  });
});

describe('contentTypeOf', () => {
  it('names scripts, styles and pages, and nothing sniffable otherwise', () => {
    expect(contentTypeOf('/x/app-1234.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/app.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/readme')).toBe('application/octet-stream');
  });
});
