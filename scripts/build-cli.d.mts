// Types for scripts/build-cli.mjs, which stays plain JavaScript so bin/syncwright.mjs and postinstall run it with node.
export declare function buildDir(root?: string): string;
export declare function currentBuild(root?: string, dir?: string): string | null;
export declare function buildCli(root?: string, dir?: string): Promise<string>;
export declare function codeCacheName(args: string[]): string;
export declare function runBuild(entry: string, argv: string[]): Promise<number>;
