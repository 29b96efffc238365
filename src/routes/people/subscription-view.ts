import type { Subscription } from '$lib/core/people';
import { SENSOR_KINDS } from '$lib/core/sensor';
import type { MessageKey, MessageParams } from '$lib/i18n/translate';

type T = (key: MessageKey, params?: MessageParams) => string;

/**
 * One subscription in words, for the table and the editor: "Traffic, Flood · Sungai Pinang, Palaran ·
 * Warning or higher · Emergency". Kinds in their fixed order, whatever order they were stored in; an
 * empty list means every kind / district, and says so.
 */
export function describeSubscription(s: Pick<Subscription, 'kinds' | 'districts' | 'categories' | 'minSeverity'>, t: T): string {
  const kinds = s.kinds.length ? SENSOR_KINDS.filter((k) => s.kinds.includes(k)).map((k) => t(`kind.${k}` as MessageKey)).join(', ') : t('people.sub.anyKind');
  const districts = s.districts.length ? s.districts.join(', ') : t('people.sub.anyDistrict');
  const severity = t('people.sub.atLeast', { severity: t(`severity.${s.minSeverity}` as MessageKey) });
  const categories = (s.categories ?? []).map((c) => t(`category.${c}` as MessageKey)).join(', ');
  return [kinds, districts, severity, categories].filter(Boolean).join(' · ');
}
