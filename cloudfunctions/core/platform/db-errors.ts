// Recognising the database's failures by what the service actually sends.

interface ErrorLike {
  code?: unknown;
  errCode?: unknown;
  message?: unknown;
  errMsg?: unknown;
}

function text(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as ErrorLike;
  return [e.code, e.errCode, e.message, e.errMsg].filter((part) => part !== undefined).join(' ');
}

/** A unique key (or `_id`) already taken. Through wx-server-sdk it is errCode -502001 with an E11000 message. */
export function isDuplicateKey(error: unknown): boolean {
  return text(error).includes('E11000 duplicate key error') || text(error).includes('DATABASE_DUPLICATE_WRITE');
}

/** A transaction lost a race: reported at the write or at the commit. */
export function isTransactionConflict(error: unknown): boolean {
  const t = text(error);
  return t.includes('DATABASE_TRANSACTION_CONFLICT') || t.includes('TransactionConflict');
}
