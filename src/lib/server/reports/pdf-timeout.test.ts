import { describe, expect, it } from 'vitest';
import { printPdf } from './pdf';

const CHROMIUM = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';

/** A page that loads, then keeps its renderer busy: printing it never finishes on its own. */
const HANGS = '<!doctype html><body>x<script>addEventListener("load", () => setTimeout(() => { for (;;) {} }, 0));</script></body>';

describe('printing a PDF', () => {
  it('gives up on a render that never finishes, closing its browser, instead of waiting for it', async () => {
    await expect(printPdf(CHROMIUM, HANGS, 2_000)).rejects.toMatchObject({ code: 'REPORT_RENDER' });
  }, 60_000);
});
