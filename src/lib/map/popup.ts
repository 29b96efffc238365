import type { SensorKind } from '../core/sensor';
import { formatAge, formatFieldValue } from '../format/format';
import { translate, type Lang, type MessageKey } from '../i18n/translate';
import type { SensorFeatureProps } from './to-geojson';

/**
 * The sensor popup as DOM nodes. Built with textContent, never innerHTML: names and labels come
 * from the catalog and the network.
 */
export function createPopupContent(p: SensorFeatureProps, lang: Lang, now: number): HTMLElement {
  const root = el('div', 'pantau-popup');
  root.dataset.sensor = p.id;
  root.append(el('strong', 'name', p.name));
  root.append(el('div', 'meta', `${translate(lang, `kind.${p.kind}` as MessageKey)} · ${p.district}`));
  const values = parseValues(p.values);
  if (p.ts === 0) {
    root.append(el('div', 'state', translate(lang, 'map.noReading')));
  } else {
    const state = el('div', 'state', p.label);
    state.style.color = p.color;
    root.append(state);
    const list = el('dl', 'values');
    for (const [field, value] of Object.entries(values)) {
      list.append(el('dt', '', translate(lang, `field.${field}` as MessageKey)));
      list.append(el('dd', '', formatFieldValue(p.kind as SensorKind, field, value, lang)));
    }
    root.append(list);
    const age = el('div', p.stale ? 'age stale' : 'age', formatAge(now - p.ts, lang));
    root.append(age);
  }
  const link = el('a', 'open', translate(lang, 'map.open')) as HTMLAnchorElement;
  link.href = `/sensors/${encodeURIComponent(p.id)}`;
  root.append(link);
  return root;
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function parseValues(json: string): Record<string, number> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}
