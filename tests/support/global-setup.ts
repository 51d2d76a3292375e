// Tests run the same bundles that deploy, so they are built once before any suite starts.
import { buildAllFunctions } from '../../scripts/build/functions';

export default async function globalSetup(): Promise<void> {
  await buildAllFunctions();
}
