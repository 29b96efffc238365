import type { Server as HttpServer } from 'node:http';
import { loadWebConfig } from './config';
import { createRealtimeHub } from './realtime';
import { findRealtimeHub, setRealtimeHub } from './hub-handle';

/** Starts (or re-attaches) the realtime hub for `vite dev` / `vite preview` (see vite.config.ts). */
export async function startDevRealtime(httpServer: HttpServer): Promise<void> {
  const running = findRealtimeHub();
  if (running) {
    running.attach(httpServer);
    return;
  }
  try {
    const hub = await createRealtimeHub({ config: loadWebConfig(), httpServer });
    setRealtimeHub(hub);
    httpServer.on('close', () => {
      setRealtimeHub(undefined);
      void hub.close();
    });
  } catch (err) {
    // Pages still render without live data; /api/health answers 503 and says why in the log.
    console.error(`[realtime] not started: ${(err as Error).message}`);
  }
}
