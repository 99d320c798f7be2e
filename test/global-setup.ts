import { build } from '../scripts/build';

/** End-to-end tests serve the built dist/, exactly what twilio-run serves and deploys. */
export default async function globalSetup(): Promise<void> {
  await build();
}
