// Error bodies the way the service answers them: `{ code, message }`. node-sdk's request layer
// turns such a body into a thrown TcbError, and wx-server-sdk maps `code` to its errCode.

export class DbError extends Error {
  readonly code: string;

  /** Without a stack trace: it only ever becomes an answer body, and conflicts are frequent. */
  constructor(code: string, message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
  }
}

const TAIL = 'Please check your request, but if the problem persists, contact us.';

export const dbErrors = {
  conflict: () =>
    new DbError(
      'DATABASE_TRANSACTION_CONFLICT',
      `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ${TAIL}`,
    ),
  transactionGone: () =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. ${TAIL}`,
    ),
  // Through wx-server-sdk this code becomes errCode -502001; business code keys on the E11000 marker.
  duplicateKey: (collection: string, id: unknown) =>
    new DbError(
      'DATABASE_REQUEST_FAILED',
      `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
    ),
  collectionExists: (collection: string) =>
    new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Collection ${collection} already exists. ${TAIL}`),
  invalidParam: (what: string) => new DbError('INVALID_PARAM', `[InvalidParameter] ${what}`),
  requestFailed: (what: string) => new DbError('DATABASE_REQUEST_FAILED', what),
  lockTimeout: () =>
    new DbError('DATABASE_TIMEOUT', `[Timeout] Waited too long for a document locked by an open transaction. ${TAIL}`),
  system: (what: string) => new DbError('SYS_ERR', what),
};
