// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Stable code for expected errors (e.g. BAD_SENSOR_ID); absent for unexpected ones. */
      code?: string;
    }
    interface Locals {
      /** Who the request acts as (set in hooks.server.ts); null only on public pages when anonymous reading is off. */
      identity: import('$lib/server/auth/gate').Identity | null;
      /** identity.user, or `anonymous`. */
      user: string;
      role: import('$lib/server/auth/roles').Role;
    }
  }
}

export {};
