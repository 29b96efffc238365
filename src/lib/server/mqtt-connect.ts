import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { MqttConfig } from './config';

/** How often the command center's MQTT clients try the broker again after losing it. */
export const RECONNECT_PERIOD_MS = 2_000;

/**
 * One MQTT client of the command center (`role` names it in the broker's logs): clean sessions,
 * since what it holds is rebuilt on connect, and a unique id so instances never displace each other.
 */
export function connectWebMqtt(config: Pick<MqttConfig, 'url' | 'username' | 'password'>, role: string, extra: IClientOptions = {}): MqttClient {
  return mqtt.connect(config.url, {
    clientId: `pantau-web${role ? `-${role}` : ''}-${randomBytes(4).toString('hex')}`,
    username: config.username || undefined,
    password: config.password || undefined,
    clean: true,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: 10_000,
    ...extra
  });
}
