// Types for scripts/derive-schemas.mjs, which stays plain JavaScript so postinstall can run it with node.
export declare const SOURCE_SCHEMA: string;
export declare const POSTGRESQL_SCHEMA: string;
export declare function deriveSchemas(root: string): string[];
