/**
 * `npm run flows:deploy -- [--environment dev] [--flow inbound]… [--number +14155550100]… [--message "…"]`
 *
 * Run after the Functions are deployed (`npm run deploy`). Needs ACCOUNT_SID / AUTH_TOKEN of a real
 * account (environment or .env); finds the service in SERVICE_SID or .twiliodeployinfo. See deploy-flow.ts.
 */
import { deployFlows } from './deploy-flow';
import { exitWith, listOption, readArgs, requireCredentials, runCommand, stringOption, type CliContext } from './cli';

export function runDeploy(argv: string[], ctx: CliContext): Promise<number> {
  return runCommand(ctx, async () => {
    const args = readArgs(argv, {
      environment: { type: 'string' },
      flow: { type: 'string', multiple: true },
      number: { type: 'string', multiple: true },
      message: { type: 'string' },
    });
    const { credentials, env } = requireCredentials(ctx, 'flows:deploy');
    const deployed = await deployFlows({
      root: ctx.root,
      client: ctx.createClient(credentials),
      accountSid: credentials.accountSid,
      environment: stringOption(args, 'environment') ?? 'dev',
      flows: listOption(args, 'flow'),
      numbers: listOption(args, 'number'),
      message: stringOption(args, 'message'),
      serviceSid: env.SERVICE_SID,
      region: env.TWILIO_REGION,
      log: (line) => ctx.io.out(line),
    });
    for (const flow of deployed) {
      ctx.io.out(`${flow.name}: ${flow.sid} revision ${flow.revision}, webhook ${flow.webhookUrl}`);
    }
    return 0;
  });
}

if (require.main === module) exitWith(runDeploy);
