/**
 * District names are HTML markers (the basemap ships no glyphs, so no symbol layer places them), and markers never
 * give way to each other: at the wall's zoom "Samarinda Kota" and "Samarinda Ilir" were drawn through one another.
 * This picks the names that fit: each in the catalog's order, unless it would touch one already shown.
 */
export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Screen pixels kept between two names, so neighbours read as two. */
export const LABEL_GAP_PX = 4;

export function labelsToShow(boxes: readonly LabelBox[], gap = LABEL_GAP_PX): boolean[] {
  const shown: LabelBox[] = [];
  return boxes.map((b) => {
    const clash = shown.some((s) => b.left < s.right + gap && s.left < b.right + gap && b.top < s.bottom + gap && s.top < b.bottom + gap);
    if (!clash) shown.push(b);
    return !clash;
  });
}
