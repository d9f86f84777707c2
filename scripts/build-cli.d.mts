// Types for scripts/build-cli.mjs, which stays plain JavaScript so postinstall runs it with node (its runner, scripts/cli-runner.cjs, is what bin/syncwright.cjs requires).
export declare function buildDir(root?: string): string;
export declare function currentBuild(root?: string, dir?: string): string | null;
export declare function buildCli(root?: string, dir?: string): Promise<string>;
export declare function codeCacheName(args: string[]): string;
export declare function runBuild(entry: string, argv: string[]): Promise<number>;
export declare function commandFile(entry: string, command: string): string;
