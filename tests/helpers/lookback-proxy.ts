/**
 * An HTTP proxy in front of a real InfluxDB that forwards every request, except that each read of the open-alert
 * look-back's marks query (`LAST("alert_id")`) goes to `onLookBack`: to drop, delay or hold it. The look-back tests
 * of the command center and the notifier make InfluxDB slow for that one query this way.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export function lookBackProxy(influxUrl: string, onLookBack: (forward: () => void, req: IncomingMessage) => void): Server {
  const upstream = new URL(influxUrl);
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    const forward = () => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (q.includes('LAST("alert_id")')) onLookBack(forward, req);
    else forward();
  });
}
