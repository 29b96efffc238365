/**
 * node --import tsx bench/nab/fuzz-corpus.ts [--out /tmp/nabfuzz]
 *
 * A synthetic corpus in NAB's layout (data/<category>/<file>.csv, labels/ beside data/) of the
 * series bench:nab must survive on NAB files other than the shared split: cloud-like metrics
 * (values near 1e9 and 1e12, integers, mostly constant, long flat stretches, a jump), values near
 * 1e-6 and negative ones, constant files, files of 0, 1, 2 and 10 rows, irregular ~5-min steps
 * with gaps of hours and days, duplicated and out-of-order timestamps, ".000000" timestamps, CRLF,
 * a BOM, empty and non-numeric cells, quoted fields, a file of 25,000 rows, a category without
 * labels, transformed copies of four shared files, and two paths that cannot be read. Then run
 *   npm run bench:nab -- --data <out> --no-write --out <out>/out
 *   node --import tsx bench/nab/check-results.ts <out>/data <out>/out
 * (bench:nab exits 1 naming the two unreadable paths; check-results must find no other problem).
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDir } from '../../tests/helpers/shared-dir';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: '/tmp/nabfuzz' } } });
const ROOT = resolve(args.out!);
const T0 = Date.UTC(2015, 8, 1);
const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

let seed = 12345;
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

type Row = [time: number, value: number];
type Window = [string, string];
const windows: Record<string, Window[]> = {};
let count = 0;

interface WriteOptions {
  eol?: string;
  header?: string | null;
  bom?: boolean;
  trailing?: boolean;
  /** false: no entry in the label files; else the file's windows (none by default). */
  windows?: Window[] | false;
}

function write(key: string, lines: string[], o: WriteOptions = {}): void {
  const path = join(ROOT, 'data', key);
  mkdirSync(join(path, '..'), { recursive: true });
  const all = o.header === null ? lines : [o.header ?? 'timestamp,value', ...lines];
  const eol = o.eol ?? '\n';
  writeFileSync(path, `${o.bom ? '\ufeff' : ''}${all.join(eol)}${o.trailing !== false && all.length ? eol : ''}`);
  if (o.windows !== false) windows[key] = o.windows ?? [];
  count++;
}

const lines = (rows: Row[], f: (v: number) => string = String) => rows.map(([t, v]) => `${stamp(t)},${f(v)}`);
const regular = (n: number, at: (i: number) => number, step = FIVE_MIN): Row[] => Array.from({ length: n }, (_, i) => [T0 + i * step, at(i)]);
/** A label window of about `width` rows centred on row `c`. */
const around = (rows: Row[], c: number, width = 200): Window[] => [
  [`${stamp(rows[Math.max(0, c - width / 2)][0])}.000000`, `${stamp(rows[Math.min(rows.length - 1, c + width / 2)][0])}.000000`]
];

function cloud(): void {
  const net = regular(4032, (i) => Math.round(1e9 + 5e7 * Math.sin(i / 40) + 1e6 * gauss() + (i > 3000 && i < 3010 ? 8e8 : 0)));
  write('fuzzCloud/network_bytes_1e9.csv', lines(net), { windows: around(net, 3005) });
  const disk = regular(4032, (i) => Math.round(3e12 + 1e10 * gauss() + (i === 3500 ? 9e12 : 0)));
  write('fuzzCloud/disk_write_3e12.csv', lines(disk), { windows: around(disk, 3500) });
  const req = regular(4032, (i) => (rnd() < 0.97 ? 0 : Math.floor(rnd() * 4)) + (i > 3200 && i < 3300 ? 20 : 0));
  write('fuzzCloud/request_count_sparse_int.csv', lines(req), { windows: around(req, 3250) });
  const cpu = regular(4032, (i) => (i >= 2500 && i < 2510 ? 85.3 : 2.0));
  write('fuzzCloud/cpu_flat_then_jump.csv', lines(cpu), { windows: around(cpu, 2505) });
  const steps = regular(4032, (i) => Math.floor(i / 700) * 5 + (i % 700 < 690 ? 0 : 50));
  write('fuzzCloud/cpu_steps_flat_stretches.csv', lines(steps), { windows: around(steps, 2790) });
  const huge = regular(4032, (i) => 1.5e15 + (i === 3900 ? 1e14 : 0));
  write('fuzzCloud/huge_1p5e15_const_with_jump.csv', lines(huge), { windows: around(huge, 3900) });
  write('fuzzCloud/enormous_1e20.csv', lines(regular(4032, () => Math.round(1e20 * (1 + 0.01 * gauss()))), (x) => x.toExponential(6)));
}

function scales(): void {
  const tiny = regular(4032, (i) => 1e-6 * (1 + 0.1 * Math.sin(i / 30)) + 1e-8 * gauss() + (i === 3100 ? 5e-6 : 0));
  write('fuzzScale/tiny_1e-6.csv', lines(tiny, (x) => x.toPrecision(6)), { windows: around(tiny, 3100) });
  const neg = regular(4032, (i) => -50 - 10 * Math.sin(i / 50) + gauss() + (i > 3400 && i < 3420 ? -80 : 0));
  write('fuzzScale/negative.csv', lines(neg, (x) => x.toFixed(3)), { windows: around(neg, 3410) });
  write('fuzzScale/denormal_ish_1e-300.csv', lines(regular(4032, (i) => (i % 2 ? -1 : 1) * 1e-300)));
  write('fuzzScale/near_max_double.csv', lines(regular(4032, (i) => (Number.MAX_VALUE / 2) * (i % 3 === 0 ? 1 : 0.5))));
  for (const [name, v] of [['42', 42], ['0', 0], ['1e9_int', 1234567891], ['float', 0.1 + 0.2]] as const) write(`fuzzConst/const_${name}.csv`, lines(regular(4032, () => v)));
  write('fuzzTiny/ten_rows.csv', lines(regular(10, (i) => i * 3)));
  write('fuzzTiny/one_row.csv', lines(regular(1, () => 7)));
  write('fuzzTiny/two_rows.csv', lines(regular(2, (i) => i)));
  write('fuzzTiny/header_only.csv', []);
  write('fuzzTiny/header_only_no_newline.csv', [], { trailing: false });
  write('fuzzTiny/empty_file.csv', [], { header: null });
}

/** Traffic-like: 4-6 min steps, an occasional gap of hours, one of three days. */
function jittered(n: number): Row[] {
  const rows: Row[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    t += FIVE_MIN + Math.round((rnd() - 0.5) * 120) * 1000 + (rnd() < 0.01 ? Math.round(rnd() * 6) * HOUR : 0) + (i === 1200 ? 3 * DAY : 0);
    rows.push([t, Math.round(60 - 5 * gauss() - (i > 2000 && i < 2030 ? 40 : 0))]);
  }
  return rows;
}

function irregular(): void {
  const speed = jittered(2500);
  write('fuzzIrregular/speed_jitter_gaps.csv', lines(speed), { windows: around(speed, 2015) });
  const occ: Row[] = speed.map(([t], i) => [t, Math.max(0, 8 + 3 * gauss() + (i > 1800 && i < 1840 ? 30 : 0))]);
  write('fuzzIrregular/occupancy_jitter.csv', lines(occ, (x) => x.toFixed(1)), { windows: around(occ, 1820) });
  const dup = regular(3000, (i) => 100 + 10 * Math.sin(i / 20) + gauss()).flatMap((r, i): Row[] => (i % 10 ? [r] : [r, [r[0], r[1] + 1]]));
  write('fuzzIrregular/duplicated_timestamps.csv', lines(dup, (x) => x.toFixed(2)), { windows: around(dup, 2800) });
  const swapped = regular(3000, () => 10 + gauss());
  for (let i = 100; i < 2900; i += 97) [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
  write('fuzzIrregular/out_of_order.csv', lines(swapped, (x) => x.toFixed(2)));
  const firstStep = (ms: number): Row[] => regular(3000, () => 10 + gauss()).map(([t, v], i) => [i === 0 ? t - ms : t, v]);
  write('fuzzIrregular/first_step_one_second.csv', lines(firstStep(1000 - FIVE_MIN), (x) => x.toFixed(2)));
  write('fuzzIrregular/first_step_five_days.csv', lines(firstStep(5 * DAY), (x) => x.toFixed(2)));
  const holes = regular(3000, (i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + gauss(), HOUR).filter((_, i) => Math.floor(i / 24) % 9 !== 4);
  write('fuzzIrregular/hourly_day_holes.csv', lines(holes, (x) => x.toFixed(2)));
  write('fuzzIrregular/one_second_steps.csv', lines(regular(5000, (i) => 3 + gauss() + (i === 4000 ? 30 : 0), 1000), (x) => x.toFixed(2)));
  write('fuzzIrregular/weekly_steps.csv', lines(regular(500, () => 3 + gauss(), 7 * DAY), (x) => x.toFixed(2)));
}

function formats(): void {
  const p = regular(3000, () => 20 + gauss());
  const at = (f: (t: number, v: string, i: number) => string) => p.map(([t, v], i) => f(t, v.toFixed(2), i));
  const w = around(p, 2500);
  write('fuzzFormat/crlf.csv', at((t, v) => `${stamp(t)},${v}`), { eol: '\r\n', windows: w });
  write('fuzzFormat/bom.csv', at((t, v) => `${stamp(t)},${v}`), { bom: true });
  write('fuzzFormat/micros_in_data.csv', at((t, v) => `${stamp(t)}.000000,${v}`), { windows: w });
  write('fuzzFormat/mixed_micros.csv', at((t, v, i) => `${stamp(t)}${i % 2 ? '.000000' : ''},${v}`));
  write('fuzzFormat/empty_values.csv', at((t, v, i) => `${stamp(t)},${i % 50 === 7 ? '' : v}`), { windows: w });
  write('fuzzFormat/first_values_empty.csv', at((t, v, i) => `${stamp(t)},${i < 40 ? '' : v}`));
  write('fuzzFormat/all_values_empty.csv', at((t) => `${stamp(t)},`));
  write('fuzzFormat/nan_words.csv', at((t, v, i) => `${stamp(t)},${i % 97 === 3 ? ['NaN', 'nan', 'null', 'inf', '-', '  '][i % 6] : v}`));
  write('fuzzFormat/inf_values.csv', at((t, v, i) => `${stamp(t)},${i % 300 === 5 ? (i % 600 === 5 ? 'Infinity' : '-Infinity') : v}`));
  write('fuzzFormat/no_trailing_newline.csv', at((t, v) => `${stamp(t)},${v}`), { trailing: false });
  write('fuzzFormat/blank_lines_inside.csv', at((t, v, i) => `${stamp(t)},${v}${i % 500 === 9 ? '\n' : ''}`));
  write('fuzzFormat/quoted.csv', at((t, v) => `"${stamp(t)}","${v}"`), { header: '"timestamp","value"' });
  write('fuzzFormat/extra_column.csv', at((t, v) => `${stamp(t)},${v},0`), { header: 'timestamp,value,label' });
  write('fuzzFormat/spaces.csv', at((t, v) => `${stamp(t)}, ${v} `), { header: 'timestamp, value' });
  write('fuzzFormat/no_comma_row.csv', at((t, v, i) => (i === 1500 ? stamp(t) : `${stamp(t)},${v}`)));
  write('fuzzFormat/iso_T_Z.csv', at((t, v) => `${new Date(t).toISOString().slice(0, 19)}Z,${v}`));
  write('fuzzFormat/tz_offset.csv', at((t, v) => `${stamp(t + 7 * HOUR)}+07:00,${v}`));
  write('fuzzFormat/garbage_timestamp.csv', at((t, v, i) => `${i === 2000 ? 'not-a-time' : stamp(t)},${v}`));
  write('fuzzFormat/first_timestamp_garbage.csv', at((t, v, i) => `${i === 0 ? 'xx' : stamp(t)},${v}`));
  write('fuzzFormat/all_timestamps_garbage.csv', at((_, v, i) => `row${i},${v}`));
  write('fuzzFormat/all_same_timestamp.csv', at((_, v) => `${stamp(T0)},${v}`));
  write('fuzzFormat/reversed.csv', at((t, v) => `${stamp(t)},${v}`).reverse());
  write('fuzzFormat/exponent_values.csv', lines(p, (x) => (x * 1e7).toExponential(4)));
}

function longAndUnlabelled(): void {
  write('fuzzNoLabels/unlabelled.csv', lines(regular(3000, () => 5 + gauss()), (x) => x.toFixed(2)), { windows: false });
  const big = regular(25_000, (i) => 500 + 100 * Math.sin((2 * Math.PI * i) / 288) + 10 * gauss() + (i > 20000 && i < 20050 ? 300 : 0));
  write('fuzzLong/rows_25000.csv', lines(big, (x) => x.toFixed(3)), { windows: around(big, 20025, 2000) });
}

/** Copies of shared files with their values transformed (timestamps and windows kept). */
function sharedCopies(): void {
  const nab = sharedDir('nab');
  const shared = JSON.parse(readFileSync(join(nab, 'labels/combined_windows.json'), 'utf8')) as Record<string, Window[]>;
  const copy = (key: string, name: string, f: (v: number) => number | string, o: WriteOptions = {}) => {
    const rows = readFileSync(join(nab, 'data', key), 'utf8').split('\n').slice(1).filter((l) => l.trim());
    write(`fuzzShared/${name}`, rows.map((l) => l.split(',')).map(([t, v]) => `${t},${f(Number(v))}`), { windows: shared[key], ...o });
  };
  copy('realKnownCause/cpu_utilization_asg_misconfiguration.csv', 'cpu_x1e7_int.csv', (v) => Math.round(v * 1e7));
  copy('realKnownCause/ec2_request_latency_system_failure.csv', 'latency_x1e-6.csv', (v) => (v * 1e-6).toPrecision(6));
  copy('realTweets/Twitter_volume_AAPL.csv', 'aapl_negated.csv', (v) => -v);
  copy('realKnownCause/nyc_taxi.csv', 'nyc_taxi_crlf.csv', (v) => v, { eol: '\r\n' });
}

/** Two paths bench:nab cannot read (reported, not written), beside a good file and non-UTF-8 bytes. */
function broken(): void {
  const dir = join(ROOT, 'data', 'fuzzBroken');
  mkdirSync(join(dir, 'folder_named.csv'), { recursive: true });
  symlinkSync('/nonexistent/x.csv', join(dir, 'dangling.csv'));
  write('fuzzBroken/good_beside_broken.csv', lines(regular(50, (i) => i)), { windows: false });
  writeFileSync(join(dir, 'invalid_utf8.csv'), Buffer.concat([Buffer.from('timestamp,value\n2015-09-01 00:00:00,1\n2015-09-01 00:05:00,'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]));
}

for (const sub of ['data', 'labels', 'out']) rmSync(join(ROOT, sub), { recursive: true, force: true });
[cloud, scales, irregular, formats, longAndUnlabelled, sharedCopies, broken].forEach((make) => make());
mkdirSync(join(ROOT, 'labels'), { recursive: true });
writeFileSync(join(ROOT, 'labels', 'combined_windows.json'), JSON.stringify(windows, null, 1));
const labels = Object.fromEntries(Object.entries(windows).map(([k, w]) => [k, w.map(([a, b]) => stamp((Date.parse(`${a.slice(0, 19)}Z`) + Date.parse(`${b.slice(0, 19)}Z`)) / 2))]));
writeFileSync(join(ROOT, 'labels', 'combined_labels.json'), JSON.stringify(labels, null, 1));
console.log(`${count} files written under ${join(ROOT, 'data')} (and two unreadable paths in fuzzBroken/)`);
