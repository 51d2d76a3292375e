import { z } from 'zod';

/** A page cursor as the server hands it out (`nextCursor`): `<ms>|<document id>`. */
export const pageCursor = z.string().regex(/^\d{1,15}\|[\w:-]{1,80}$/);
