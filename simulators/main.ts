/**
 * `npm run sim -- --help`. The process shell: options, catalog, truth file, signals. The work is in
 * run.ts (loop), scenario-player.ts (scenarios) and publish.ts (MQTT).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { validateCatalog } from '../src/lib/catalog/validate';
import { redactUrl } from '../src/lib/core/redact-url';
import { generate } from './generators/index';
import { USAGE, chooseScenarioStartMs, chooseStartMs, parseSimOptions } from './options';
import { createPublisher } from './publish';
import { createSimulation } from './run';
import { scaleCatalog } from './scale';
import { createScenarioPlayer } from './scenario-player';
import { SCENARIOS } from './scenarios/index';
import { touchSavedStorm } from './storm-state';

function fail(message: string): never {
  console.error(`sim: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = parseSimOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`);
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const o = parsed.options;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(o.catalogPath, 'utf8'));
  } catch (err) {
    fail(`cannot read catalog ${o.catalogPath}: ${(err as Error).message}`);
  }
  const checked = validateCatalog(json);
  if (!checked.ok) fail(`catalog ${o.catalogPath} is invalid:\n  ${checked.errors.join('\n  ')}`);
  const catalog = scaleCatalog(checked.catalog, o.scale);
  if (o.writeCatalog) writeFileSync(o.writeCatalog, JSON.stringify(catalog) + '\n');

  const startSimMs = chooseStartMs(o, Date.now());
  const scenarioStartMs = chooseScenarioStartMs(o, startSimMs);
  const player = createScenarioPlayer({
    scenario: SCENARIOS[o.scenario], seed: o.seed, startMs: scenarioStartMs, intervalMs: o.intervalS * 1000, generate, sensors: catalog.sensors
  });
  if (o.truthPath) {
    const endSim = startSimMs + o.durationS * 1000 * o.speed;
    // Events still going on at the start count too (the run may join a storm hours in).
    const lines = player.truth(catalog.sensors).filter((t) => t.start < endSim && t.end >= startSimMs).map((t) => JSON.stringify(t) + '\n');
    appendFileSync(o.truthPath, lines.join(''));
  }
  const publisher = await createPublisher({
    url: o.mqttUrl, username: o.mqttUsername, password: o.mqttPassword, qos: o.qos, maxInFlight: o.maxInFlight,
    log: (line) => console.log(line)
  });
  const sim = createSimulation({
    sensors: catalog.sensors, seed: o.seed, intervalS: o.intervalS, speed: o.speed, startSimMs, durationS: o.durationS,
    format: o.format, maxRate: o.maxRate, player, publisher
  });
  const stop = (signal: string) => {
    console.log(`sim: ${signal}, stopping`);
    sim.stop();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // npm start's storm file (SIM_STORM_STATE): marked as played each minute, so a restart continues the storm.
  const stormFile = process.env.SIM_STORM_STATE;
  const heartbeat = stormFile ? setInterval(() => touchSavedStorm(stormFile, Date.now()), 60_000) : undefined;
  heartbeat?.unref();
  console.log(`sim: ${catalog.sensors.length} sensors, scenario ${o.scenario}, seed ${o.seed}, every ${o.intervalS} s simulated, ` +
    `speed ×${o.speed}, from ${new Date(startSimMs).toISOString()} (${((startSimMs - scenarioStartMs) / 3_600_000).toFixed(2)} h into the scenario), ` +
    `${o.format} QoS ${o.qos} → ${redactUrl(o.mqttUrl)}`);
  const summary = await sim.run();
  clearInterval(heartbeat);
  if (stormFile) touchSavedStorm(stormFile, Date.now());
  await publisher.close();
  const st = publisher.stats();
  console.log(`sim: done: ${st.sent} sent, ${st.failed} failed, ${st.droppedOffline} dropped offline, ${summary.skipped} skipped, ` +
    `${summary.silenced} silenced by scenario, simulated until ${new Date(summary.endSimMs).toISOString()}`);
}

main().catch((err) => {
  console.error(`sim: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
