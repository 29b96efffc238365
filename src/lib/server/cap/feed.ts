import type { Alert } from '../../core/alert';
import type { RealtimeHub } from '../realtime';
import type { CapConfig } from './config';
import { formatCapAlert, CAP_MEDIA_TYPE } from './format-cap';
import { formatCapFeed, ATOM_MEDIA_TYPE } from './format-atom';

/**
 * The CAP endpoints' logic, free of SvelteKit (the +server.ts files only wrap it). The feed lists
 * emergency alerts the hub holds: open ones, and those resolved within the hub's retention (an hour),
 * which appear as CAP Cancel so receivers can withdraw them. Maintenance alerts are never public.
 */
export interface XmlResult {
  status: 200 | 404 | 503;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';

function publicAlerts(hub: RealtimeHub): Alert[] {
  return hub.listAlerts('all', 1).filter((a) => a.category === 'emergency');
}

export function getCapFeed(hub: RealtimeHub | undefined, config: CapConfig, requestOrigin: string, nowMs: number): XmlResult {
  if (!hub) return { status: 503, contentType: TEXT, body: 'realtime hub is not running' };
  const origin = config.publicUrl || requestOrigin;
  return { status: 200, contentType: `${ATOM_MEDIA_TYPE}; charset=utf-8`, body: formatCapFeed(publicAlerts(hub), config, origin, nowMs) };
}

export function getCapDocument(hub: RealtimeHub | undefined, config: CapConfig, alertId: string): XmlResult {
  if (!hub) return { status: 503, contentType: TEXT, body: 'realtime hub is not running' };
  const alert = publicAlerts(hub).find((a) => a.id === alertId);
  if (!alert) return { status: 404, contentType: TEXT, body: 'no such active alert' };
  const sensor = hub.sensors.get(alert.sensorId);
  return { status: 200, contentType: `${CAP_MEDIA_TYPE}; charset=utf-8`, body: formatCapAlert(alert, config, sensor) };
}
