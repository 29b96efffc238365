import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

const PAGE = `<!doctype html><html><body><canvas id="c" width="64" height="64"></canvas>
<script>
  const gl = document.getElementById('c').getContext('webgl2');
  let pixel = null;
  if (gl) {
    gl.clearColor(1, 0.5, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const px = new Uint8Array(4);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    pixel = Array.from(px);
  }
  window.__webgl = { webgl2: !!gl, renderer: gl ? gl.getParameter(gl.RENDERER) : '', pixel };
</script></body></html>`;

describe('headless Chromium', () => {
  let browser: TestBrowser;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('renders WebGL 2 (maplibre 6 needs it) and reads back the cleared colour', async () => {
    const page = await browser.context.newPage();
    await page.goto(url);
    const result = await page.evaluate(() => (window as unknown as { __webgl: { webgl2: boolean; renderer: string; pixel: number[] } }).__webgl);
    expect(result.webgl2).toBe(true);
    expect(result.pixel).toEqual([255, 128, 0, 255]);
    await page.close();
  });
});
