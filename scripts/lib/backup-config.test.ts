import { describe, expect, it } from 'vitest';
import { formatInfluxdConfig } from './influxd-config';
import {
  externalRpcAddress, libpqConnection, parseBackupArgs, parseManifest, parseRestoreArgs, readInfluxdAddresses, redact, renameCqDatabase
} from './backup-config';

describe('parseBackupArgs', () => {
  it('reads --out in both spellings, relative to the working directory, both engines by default', () => {
    expect(parseBackupArgs(['--out', 'backups/today'], '/srv/pantau')).toEqual({ out: '/srv/pantau/backups/today', engines: ['influxdb', 'postgres'] });
    expect(parseBackupArgs(['--out=/var/backups/p', '--only', 'postgres'], '/x')).toEqual({ out: '/var/backups/p', engines: ['postgres'] });
  });

  it('refuses a missing --out, an unknown engine, unknown or repeated options, with the usage', () => {
    expect(() => parseBackupArgs([], '/x')).toThrow(/--out DIR is required[\s\S]*usage: npm run backup/);
    expect(() => parseBackupArgs(['--out'], '/x')).toThrow(/--out needs a value/);
    expect(() => parseBackupArgs(['--out', '--only'], '/x')).toThrow(/--out needs a value/);
    expect(() => parseBackupArgs(['--out', 'a', '--only', 'redis'], '/x')).toThrow(/--only must be influxdb or postgres/);
    expect(() => parseBackupArgs(['--out', 'a', '--replace'], '/x')).toThrow(/unknown argument "--replace"/);
    expect(() => parseBackupArgs(['backup-dir'], '/x')).toThrow(/unknown argument "backup-dir"/);
    expect(() => parseBackupArgs(['--out', 'a', '--out', 'b'], '/x')).toThrow(/given twice/);
  });
});

describe('parseRestoreArgs', () => {
  it('reads --from, --only and the --replace flag', () => {
    expect(parseRestoreArgs(['--from', 'b'], '/x')).toEqual({ from: '/x/b', engines: ['influxdb', 'postgres'], replace: false });
    expect(parseRestoreArgs(['--replace', '--from=/b', '--only=influxdb'], '/x')).toEqual({ from: '/b', engines: ['influxdb'], replace: true });
  });

  it('refuses a missing --from and a value given to --replace', () => {
    expect(() => parseRestoreArgs(['--replace'], '/x')).toThrow(/--from DIR is required/);
    expect(() => parseRestoreArgs(['--from', 'b', '--replace=yes'], '/x')).toThrow(/--replace takes no value/);
  });
});

describe('readInfluxdAddresses', () => {
  const stock = ['reporting-enabled = true', 'bind-address = "127.0.0.1:8088"', '[meta]', '  dir = "/var/lib/influxdb/meta"', '[http]', '  enabled = true', '  bind-address = ":8086"', '[[udp]]', '  bind-address = ":8089"'].join('\n');

  it('finds the RPC and HTTP listeners in the config the managed influxd is started with', () => {
    const config = formatInfluxdConfig(stock, { dataDir: '/d', httpPort: 18086, rpcPort: 18088 });
    expect(readInfluxdAddresses(config)).toEqual({ rpc: '127.0.0.1:18088', http: '127.0.0.1:18086' });
  });

  it('reads ":port" (every interface) as the loopback one, and ignores other sections', () => {
    expect(readInfluxdAddresses(stock.replace('"127.0.0.1:8088"', '":8088"'))).toEqual({ rpc: '127.0.0.1:8088', http: '127.0.0.1:8086' });
  });

  it('refuses a config without the listeners', () => {
    expect(() => readInfluxdAddresses('[http]\n  bind-address = ":8086"')).toThrow(/no top-level bind-address/);
  });
});

describe('externalRpcAddress', () => {
  it('is INFLUX_RPC_ADDRESS when set, else the InfluxDB host on port 8088', () => {
    expect(externalRpcAddress('http://influx.internal:8086', {})).toBe('influx.internal:8088');
    expect(externalRpcAddress('https://10.0.0.5:8086', { INFLUX_RPC_ADDRESS: '10.0.0.5:9088' })).toBe('10.0.0.5:9088');
    expect(() => externalRpcAddress('http://a:8086', { INFLUX_RPC_ADDRESS: 'http://a:8088' })).toThrow(/INFLUX_RPC_ADDRESS must be host:port/);
  });
});

describe('libpqConnection', () => {
  it('moves the password out of the URL into PGPASSWORD, keeping the other parameters', () => {
    const c = libpqConnection('postgres://pantau:s3cr%40t-pass@db.internal:5432/pantau?sslmode=require');
    expect(c.dbname).toBe('postgres://pantau@db.internal:5432/pantau?sslmode=require');
    expect(c.env).toEqual({ PGPASSWORD: 's3cr@t-pass' });
    expect(c.label).toBe('pantau@db.internal:5432/pantau');
    expect(c.dbname + c.label).not.toContain('s3cr');
  });

  it('leaves PGPASSWORD alone when the URL has none, and refuses what is not a postgres URL', () => {
    expect(libpqConnection('postgresql://app@localhost/registry').env).toEqual({});
    expect(() => libpqConnection('mysql://a:b@c/d')).toThrow(/DATABASE_URL must be postgres/);
    expect(() => libpqConnection('not a url')).toThrow(/DATABASE_URL must be postgres/);
  });
});

describe('redact', () => {
  it('replaces each secret, plain and URL-encoded, and leaves short strings alone', () => {
    expect(redact('auth failed for p@ss/word1 (p%40ss%2Fword1)', ['p@ss/word1'])).toBe('auth failed for *** (***)');
    expect(redact('a b c', ['b'])).toBe('a b c');
  });
});

describe('renameCqDatabase', () => {
  const cq = 'CREATE CONTINUOUS QUERY pantau_flood_1m ON pantau RESAMPLE EVERY 1m FOR 10m BEGIN SELECT mean(water_level) AS mean_water_level INTO pantau.rollup_1m.flood FROM pantau.autogen.flood GROUP BY time(1m), * END';

  it('keeps the query when the name stays, and moves the ON clause and every qualifier when it changes', () => {
    expect(renameCqDatabase(cq, 'pantau', 'pantau')).toBe(cq);
    const moved = renameCqDatabase(cq, 'pantau', 'city2')!;
    expect(moved).toContain('ON city2 RESAMPLE');
    expect(moved).toContain('INTO city2.rollup_1m.flood FROM city2.autogen.flood');
    expect(moved).toContain('CREATE CONTINUOUS QUERY pantau_flood_1m'); // the query's own name is not the database
  });

  it('gives up (null) on names InfluxDB would print quoted, and on a query of another database', () => {
    expect(renameCqDatabase(cq, 'pantau', 'city-2')).toBeNull();
    expect(renameCqDatabase(cq.replace('ON pantau', 'ON other'), 'pantau', 'x')).toBeNull();
  });
});

describe('parseManifest', () => {
  const good = { format: 'pantau-backup', version: 1, createdAt: '2026-01-01T00:00:00Z', influxdb: { database: 'pantau', files: 3, bytes: 10 } };

  it('accepts what npm run backup writes', () => {
    expect(parseManifest(JSON.stringify(good), 'm.json')).toEqual(good);
  });

  it('refuses other files, other versions and bad database names, naming the file', () => {
    expect(() => parseManifest('{', 'x/manifest.json')).toThrow(/x\/manifest.json is not JSON/);
    expect(() => parseManifest('{"format":"other"}', 'm')).toThrow(/not a Pantau backup manifest/);
    expect(() => parseManifest(JSON.stringify({ ...good, version: 2 }), 'm')).toThrow(/has version 2/);
    expect(() => parseManifest(JSON.stringify({ ...good, influxdb: { database: 'a;DROP' } }), 'm')).toThrow(/invalid InfluxDB database/);
    const badCq = { ...good, influxdb: { ...good.influxdb, continuousQueries: [{ name: 'x', query: 'DROP DATABASE pantau' }] } };
    expect(() => parseManifest(JSON.stringify(badCq), 'm')).toThrow(/not CREATE CONTINUOUS QUERY statements/);
  });
});
