// Tests run the same bundles that deploy, so they are built once before any suite starts.
// Each jest run builds into a folder of its own (inherited by its workers and by the servers the
// browser suites start, through LOCAL_FUNCTIONS_DIR): two runs at once on one checkout would
// otherwise rebuild each other's bundles mid-suite ("Unknown function" while a folder is empty).
import path from 'path';
import { buildAllFunctions } from '../../scripts/build/functions';

export default async function globalSetup(): Promise<void> {
  const dir = path.resolve(__dirname, '../../build', `functions-jest-${process.pid}`);
  process.env.LOCAL_FUNCTIONS_DIR = dir;
  await buildAllFunctions(dir);
}
