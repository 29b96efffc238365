/**
 * The "broker alone" baseline's subscriber, in a process of its own as the ingest is: a plain QoS 1
 * subscriber to every sensor topic that counts messages and prints the count every 100 ms.
 *   MQTT_URL=mqtt://… node --import tsx bench/lib/count-subscriber.ts
 */
import mqtt from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';

const client = await mqtt.connectAsync(process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883', { clientId: `bench-count-${process.pid}`, clean: true, protocolVersion: 5 });
let received = 0;
client.on('message', () => received++);
await client.subscribeAsync(TOPICS.sensorsFilter, { qos: 1 });
console.log('count-subscriber ready');
setInterval(() => console.log(`count ${received}`), 100);
process.on('SIGTERM', () => void client.endAsync(true).then(() => process.exit(0)));
