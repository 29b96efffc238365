import { describe, it, expect } from 'vitest';
import { formatMosquittoConfig } from './mosquitto';
import { formatBrokerConfig, MAX_PACKET_BYTES } from './mqtt-acl';

describe('formatMosquittoConfig', () => {
  it('listens on loopback, persists in the data dir and raises queue limits', () => {
    const conf = formatMosquittoConfig({ dataDir: '/tmp/m/', port: 5000, runningAsRoot: false });
    expect(conf).toContain('listener 5000 127.0.0.1\n');
    expect(conf).toContain('allow_anonymous true\n');
    expect(conf).toContain('persistence_location /tmp/m/\n');
    expect(conf).toContain('max_queued_messages 1000000\n');
    expect(conf).toContain('max_queued_bytes 0\n');
    expect(conf).not.toContain('user root');
  });

  it('leaves authentication to extraConfig when it sets a password file', () => {
    const conf = formatMosquittoConfig({
      dataDir: '/tmp/m',
      port: 5000,
      runningAsRoot: true,
      extraConfig: 'allow_anonymous false\npassword_file /tmp/m/passwd'
    });
    expect(conf).not.toContain('allow_anonymous true');
    expect(conf).toContain('allow_anonymous false');
    expect(conf).toContain('user root');
  });

  it('bounds packets, once also when the generated broker config sets the bound', () => {
    expect(formatMosquittoConfig({ dataDir: '/tmp/m', port: 5000, runningAsRoot: false })).toContain(`max_packet_size ${MAX_PACKET_BYTES}\n`);
    const conf = formatMosquittoConfig({ dataDir: '/tmp/m', port: 5000, runningAsRoot: false, extraConfig: formatBrokerConfig({ passwordFile: '/p', aclFile: '/a' }) });
    expect(conf.match(/^max_packet_size /gm)).toHaveLength(1);
  });
});
