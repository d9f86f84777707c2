// Types for lib/db/derive-postgresql-schema.mjs, which stays plain JavaScript so postinstall can run it with node.
export declare const SOURCE_SCHEMA: string;
export declare function derivePostgresqlSchema(sqliteSchema: string): string;
