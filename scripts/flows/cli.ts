/** What the three CLI entry points share: arguments, output, the Twilio client, and error reporting. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTwilioClient } from '../../src/store/twilio-client';
import { checkCredentials, toolEnv, type Credentials, type Env } from './credentials';
import { FlowToolError, messageOf } from './errors';
import type { TwilioClient } from './serverless-lookup';
import { asRestFailure, describeFailure, detailLines } from './twilio-errors';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Everything a command touches outside its arguments, so tests can run it against a fake Twilio. */
export interface CliContext {
  /** The project root. */
  root: string;
  /** Where relative file arguments are resolved. */
  cwd: string;
  /** The process environment (`.env` under root is read on top of nothing, below this). */
  env: Env;
  io: CliIo;
  createClient(credentials: Credentials): TwilioClient;
}

export function defaultContext(): CliContext {
  return {
    root: resolve(__dirname, '../..'),
    cwd: process.cwd(),
    env: process.env,
    io: { out: (line) => console.log(line), err: (line) => console.error(line) },
    createClient: (credentials) => createTwilioClient(credentials),
  };
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export function readArgs(argv: readonly string[], options: OptionSpec, allowPositionals = false): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new FlowToolError(messageOf(error));
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** Credentials for a command that must reach a real account, or a refusal saying how to provide them. */
export function requireCredentials(ctx: CliContext, command: string): { credentials: Credentials; env: Env } {
  const env = toolEnv(ctx.root, ctx.env);
  const check = checkCredentials(env);
  if (!check.ok) {
    throw new FlowToolError(
      `refusing to run ${command}: ${check.problem}. Set ACCOUNT_SID and AUTH_TOKEN of your Twilio account ` +
        'in the environment or in .env (the development defaults are never used here)',
    );
  }
  return { credentials: check.credentials, env };
}

/** Runs a command; a FlowToolError or a Twilio error is printed without a stack and gives exit code 1. */
export async function runCommand(ctx: CliContext, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof FlowToolError) {
      ctx.io.err(`error: ${error.message}`);
      for (const line of error.details) ctx.io.err(`  ${line}`);
    } else {
      const failure = asRestFailure(error);
      ctx.io.err(`error: ${failure ? `Twilio answered ${describeFailure(failure)}` : messageOf(error)}`);
      for (const line of failure ? detailLines(failure.details) : []) ctx.io.err(`  ${line}`);
    }
    return 1;
  }
}

/** The entry points' `if (require.main === module)` body. */
export function exitWith(run: (argv: string[], ctx: CliContext) => Promise<number>): void {
  run(process.argv.slice(2), defaultContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
