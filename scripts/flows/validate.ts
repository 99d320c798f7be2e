/**
 * `npm run flows:validate [-- <files…>] [--offline]`
 *
 * Lints every studio-flows/*.json (or the files given) and prints each problem with its widget. With a
 * real ACCOUNT_SID / AUTH_TOKEN (environment or .env; not the development defaults) it also asks
 * Twilio's POST /v2/Flows/Validate, with the placeholders replaced by stand-in values, and prints the
 * answer. Exit code 1 when the lint or Twilio finds a problem.
 */
import { join, relative, resolve } from 'node:path';
import { checkCredentials, toolEnv } from './credentials';
import { FlowToolError } from './errors';
import { FLOWS_DIR, listFlowNames, readFlowFile, type FlowFile } from './flow-files';
import { functionPathMap, listFunctionPaths } from './function-paths';
import { formatProblem, validateFlow } from './lint';
import { validateOnline } from './online-validate';
import { stableJson } from './stable-json';
import { defaultFriendlyName } from './deploy-flow';
import { exitWith, readArgs, runCommand, type CliContext } from './cli';

export function runValidate(argv: string[], ctx: CliContext): Promise<number> {
  return runCommand(ctx, async () => {
    const args = readArgs(argv, { offline: { type: 'boolean' } }, true);
    const paths = args.positionals.length
      ? args.positionals.map((file) => resolve(ctx.cwd, file))
      : listFlowNames(ctx.root).map((name) => join(ctx.root, FLOWS_DIR, `${name}.json`));
    if (paths.length === 0) throw new FlowToolError(`no flow files in ${FLOWS_DIR}/`);
    const shown = (path: string): string => relative(ctx.cwd, path) || path;

    const functionPaths = functionPathMap(listFunctionPaths(join(ctx.root, 'functions')));
    let failed = false;
    const files: FlowFile[] = [];
    for (const path of paths) {
      let file: FlowFile;
      try {
        file = readFlowFile(path);
      } catch (error) {
        if (!(error instanceof FlowToolError)) throw error;
        ctx.io.err(error.message);
        failed = true;
        continue;
      }
      files.push(file);
      const problems = validateFlow(file.definition, { functionPaths });
      for (const problem of problems) ctx.io.err(`${shown(path)}: ${formatProblem(problem)}`);
      ctx.io.out(`${shown(path)}: ${problems.length === 0 ? 'lint ok' : `${problems.length} problem(s)`}`);
      if (problems.length > 0) failed = true;
      if (file.text !== stableJson(file.definition)) {
        ctx.io.out(`${shown(path)}: note: not in the stable key order flows:pull writes; the next pull will reformat it`);
      }
    }

    const credentials = checkCredentials(toolEnv(ctx.root, ctx.env));
    if (args.values.offline === true) {
      ctx.io.out("Twilio's validator: skipped (--offline)");
    } else if (!credentials.ok) {
      ctx.io.out(`Twilio's validator: skipped (${credentials.problem})`);
    } else {
      const client = ctx.createClient(credentials.credentials);
      for (const file of files) {
        const answer = await validateOnline(client, defaultFriendlyName(file.name, 'validate'), file.definition);
        for (const problem of answer.problems) ctx.io.err(`${shown(file.path)}: Twilio: ${problem}`);
        ctx.io.out(`${shown(file.path)}: Twilio: ${answer.valid ? 'valid' : 'not valid'}`);
        if (!answer.valid) failed = true;
      }
    }
    return failed ? 1 : 0;
  });
}

if (require.main === module) exitWith(runValidate);
