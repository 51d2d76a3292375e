// npm run reset: deletes the local database and stored files, so the next start seeds afresh.
import { rmSync } from 'fs';
import path from 'path';

const dataDir = path.resolve(__dirname, '../../.data');
rmSync(dataDir, { recursive: true, force: true });
console.log(`removed ${path.relative(process.cwd(), dataDir)}`);
