const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids reach SQL as uuid parameters: anything else would be a database error, so it is simply "not found". */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
