import type { Page } from 'playwright-core';

/** The map of a page in the browser (MapView): what its screenshots show, and moving it. */

/**
 * Figures of map screenshots, decoded by the browser itself on a 2D canvas (a WebGL canvas cannot be
 * read back after compositing): of the last image, the share of sampled pixels that differ from the
 * background and its number of distinct colours; and the share that differ clearly from the first.
 */
export async function imageStats(p: Page, pngs: Buffer[]): Promise<{ drawn: number; colours: number; changed: number }> {
  return p.evaluate(async (b64s) => {
    const decode = async (b: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, img.width, img.height).data;
    };
    const images = await Promise.all(b64s.map(decode));
    const [first, last] = [images[0], images[images.length - 1]];
    const bg = [last[0], last[1], last[2]];
    const colours = new Set<number>();
    let drawn = 0;
    let changed = 0;
    for (let i = 0; i < last.length; i += 16) {
      if (Math.abs(last[i] - bg[0]) + Math.abs(last[i + 1] - bg[1]) + Math.abs(last[i + 2] - bg[2]) > 12) drawn++;
      colours.add((last[i] >> 3) * 1024 + (last[i + 1] >> 3) * 32 + (last[i + 2] >> 3));
      if (Math.abs(first[i] - last[i]) + Math.abs(first[i + 1] - last[i + 1]) + Math.abs(first[i + 2] - last[i + 2]) > 30) changed++;
    }
    const samples = last.length / 16;
    return { drawn: drawn / samples, colours: colours.size, changed: first.length !== last.length ? 1 : changed / samples };
  }, pngs.map((b) => b.toString('base64')));
}

export const mapScreenshot = (p: Page) => p.locator('[data-testid="map"]').screenshot();

/** Share of the map's pixels (sampled) that differ from the background, and its distinct colours. */
export async function mapPixels(p: Page): Promise<{ drawn: number; colours: number }> {
  return imageStats(p, [await mapScreenshot(p)]);
}

/** Share of the map's pixels (sampled) that differ clearly from an earlier screenshot of it. */
export async function mapChange(p: Page, earlier: Buffer): Promise<number> {
  return (await imageStats(p, [earlier, await mapScreenshot(p)])).changed;
}

export type MapElement = HTMLElement & { pantauMap: import('maplibre-gl').Map };

/** Moves the map (MapView exposes it on its element as `pantauMap`) at once; resolves once it has drawn there (or after 5 s). */
export async function jumpAndSettle(p: Page, to: { center: [number, number]; zoom: number }): Promise<void> {
  await p.evaluate(
    (t) =>
      new Promise<void>((resolve) => {
        const m = (document.querySelector('[data-testid="map"]') as MapElement).pantauMap;
        setTimeout(resolve, 5_000);
        m.once('idle', () => resolve());
        m.jumpTo(t);
      }),
    to
  );
}
