/**
 * Turn the default config printed by `influxd config` (InfluxDB 1.x) into one for a private
 * instance: all state under dataDir, every listener on loopback and its own port, and the
 * optional services and self-monitoring off so that several instances stay light.
 */
export interface InfluxdConfigOptions {
  dataDir: string;
  httpPort: number;
  /** The RPC (backup/restore) listener: 8088 by default, so parallel instances need their own. */
  rpcPort: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** HTTP authentication on (`npm start`'s managed instance); the first admin user is created over HTTP. */
  authEnabled?: boolean;
}

type Overrides = Record<string, Record<string, string>>;

function overridesFor(o: InfluxdConfigOptions): Overrides {
  const off = { enabled: 'false' };
  return {
    '': { 'reporting-enabled': 'false', 'bind-address': `"127.0.0.1:${o.rpcPort}"` },
    meta: { 'logging-enabled': 'false' },
    data: { 'query-log-enabled': 'false' },
    monitor: { 'store-enabled': 'false' },
    subscriber: off,
    http: {
      'bind-address': `"127.0.0.1:${o.httpPort}"`,
      'log-enabled': 'false',
      'pprof-enabled': 'false',
      'unix-socket-enabled': 'false',
      'auth-enabled': o.authEnabled ? 'true' : 'false'
    },
    logging: { level: `"${o.logLevel ?? 'warn'}"`, 'suppress-logo': 'true' },
    ifql: off,
    graphite: off,
    collectd: off,
    opentsdb: off,
    udp: off,
    continuous_queries: { 'log-enabled': 'false' }
  };
}

const SECTION = /^\s*\[\[?([A-Za-z0-9_-]+)\]\]?\s*$/;
const KEY = /^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)(.*)$/;

export function formatInfluxdConfig(defaultConfig: string, o: InfluxdConfigOptions): string {
  const overrides = overridesFor(o);
  const dataDir = o.dataDir.replace(/\/+$/, '');
  let section = '';
  const out = defaultConfig.split('\n').map((line) => {
    const header = SECTION.exec(line);
    if (header) {
      section = header[1];
      return line;
    }
    const kv = KEY.exec(line);
    if (!kv) return line;
    const [, indent, key, eq, value] = kv;
    const forced = overrides[section]?.[key];
    if (forced !== undefined) return `${indent}${key}${eq}${forced}`;
    // Every path of the stock layout moves into dataDir (meta, data, wal, sockets).
    const moved = value.replaceAll('/var/lib/influxdb', dataDir).replaceAll('/var/run/', `${dataDir}/`);
    return `${indent}${key}${eq}${moved}`;
  });
  return out.join('\n');
}
