/**
 * `npm run flows:pull -- [--environment dev] [--flow inbound]… [--published]`
 *
 * Writes each flow recorded for the environment back to studio-flows/<name>.json with placeholders and
 * a stable key order. Needs ACCOUNT_SID / AUTH_TOKEN of a real account. See pull-flow.ts.
 */
import { formatProblem } from './lint';
import { pullFlows } from './pull-flow';
import { exitWith, listOption, readArgs, requireCredentials, runCommand, stringOption, type CliContext } from './cli';

export function runPull(argv: string[], ctx: CliContext): Promise<number> {
  return runCommand(ctx, async () => {
    const args = readArgs(argv, {
      environment: { type: 'string' },
      flow: { type: 'string', multiple: true },
      published: { type: 'boolean' },
    });
    const { credentials, env } = requireCredentials(ctx, 'flows:pull');
    const pulled = await pullFlows({
      root: ctx.root,
      client: ctx.createClient(credentials),
      accountSid: credentials.accountSid,
      environment: stringOption(args, 'environment') ?? 'dev',
      flows: listOption(args, 'flow'),
      published: args.values.published === true,
      serviceSid: env.SERVICE_SID,
      region: env.TWILIO_REGION,
      log: (line) => ctx.io.out(line),
    });
    for (const flow of pulled) {
      for (const problem of flow.problems) ctx.io.err(`${flow.path}: ${formatProblem(problem)}`);
      if (flow.problems.length > 0) ctx.io.out(`${flow.name}: the pulled flow has lint problems; fix them before the next deploy`);
    }
    return 0;
  });
}

if (require.main === module) exitWith(runPull);
