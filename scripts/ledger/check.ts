// npm run ledger:check: proves the ledger's invariants on the local database (.data), or on any
// database whose collections are exported as JSON lines (--export DIR, one <collection>.json
// file each, as the cloud console's export writes them).
import { readFileSync } from 'fs';
import path from 'path';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { LocalDatabase } from '../local-cloud/database';

function fromExport(dir: string, collection: string): any[] {
  return readFileSync(path.join(dir, `${collection}.json`), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

async function main(): Promise<void> {
  const exportAt = process.argv.indexOf('--export');
  let accounts: any[];
  let entries: any[];
  if (exportAt > 0) {
    const dir = process.argv[exportAt + 1];
    accounts = fromExport(dir, 'accounts');
    entries = fromExport(dir, 'ledger_entries');
  } else {
    const db = new LocalDatabase({ dataDir: path.resolve(__dirname, '../../.data') });
    accounts = db.dump('accounts');
    entries = db.dump('ledger_entries');
    await db.close();
  }
  const problems = checkLedger(accounts, entries);
  console.log(JSON.stringify({ accounts: accounts.length, entries: entries.length, problems }, null, 2));
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
