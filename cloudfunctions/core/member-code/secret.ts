// The key that signs member codes. In the cloud it is an environment variable of every function
// that issues or verifies codes (member, staff); the local cloud sets a development value.

const MIN_SECRET_LENGTH = 16;

export function memberCodeSecret(env: Record<string, string | undefined> = process.env): string {
  const secret = env.MEMBER_CODE_SECRET;
  if (!secret) {
    throw new Error('MEMBER_CODE_SECRET is not set: configure it as an environment variable of the member and staff cloud functions');
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`MEMBER_CODE_SECRET is too short: use at least ${MIN_SECRET_LENGTH} random characters`);
  }
  return secret;
}
