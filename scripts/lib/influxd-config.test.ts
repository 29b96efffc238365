import { describe, it, expect } from 'vitest';
import { formatInfluxdConfig } from './influxd-config';

const STOCK = `reporting-enabled = true
bind-address = "127.0.0.1:8088"

[meta]
  dir = "/var/lib/influxdb/meta"

[data]
  dir = "/var/lib/influxdb/data"
  wal-dir = "/var/lib/influxdb/wal"

[monitor]
  store-enabled = true

[http]
  enabled = true
  bind-address = ":8086"
  bind-socket = "/var/run/influxdb.sock"

[logging]
  level = "info"

[[graphite]]
  enabled = true
  bind-address = ":2003"
`;

describe('formatInfluxdConfig', () => {
  const out = formatInfluxdConfig(STOCK, { dataDir: '/tmp/x/', httpPort: 4001, rpcPort: 4002 });

  it('moves every stock path into the data dir', () => {
    expect(out).toContain('dir = "/tmp/x/meta"');
    expect(out).toContain('wal-dir = "/tmp/x/wal"');
    expect(out).toContain('bind-socket = "/tmp/x/influxdb.sock"');
    expect(out).not.toContain('/var/lib/influxdb');
  });

  it('binds HTTP and RPC to loopback on the given ports', () => {
    expect(out).toContain('bind-address = "127.0.0.1:4001"');
    expect(out).toContain('bind-address = "127.0.0.1:4002"');
    expect(out).not.toContain(':8086');
    expect(out).not.toContain(':8088');
  });

  it('turns off reporting, the monitor store and optional listeners', () => {
    expect(out).toContain('reporting-enabled = false');
    expect(out).toMatch(/\[monitor\]\n {2}store-enabled = false/);
    expect(out).toMatch(/\[\[graphite\]\]\n {2}enabled = false/);
    expect(out).toContain('level = "warn"');
  });
});
