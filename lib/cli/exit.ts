// How a subcommand ends with a specific exit code after printing its own output.
export class CliExit extends Error {
  constructor(
    readonly exitCode: 0 | 1 | 2,
    message = `exit ${exitCode}`,
  ) {
    super(message);
    this.name = "CliExit";
  }
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
