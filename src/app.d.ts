// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Stable code for expected errors (e.g. BAD_SENSOR_ID); absent for unexpected ones. */
      code?: string;
    }
    interface Locals {
      /** Display name of the person using the page; verified once authentication lands. */
      user: string;
    }
  }
}

export {};
