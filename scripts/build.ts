import { build as esbuild } from 'esbuild';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Bundles each Function into one self-contained file under dist/functions (our code inlined,
 * npm packages left to the `dependencies` Twilio installs) and copies assets to dist/assets.
 * Writes into a fresh folder and swaps it in, so a running server never reads a half-written file.
 */
export async function build(root = ROOT): Promise<string[]> {
  const out = join(root, 'dist');
  const staging = join(root, `.dist-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const entries = (await filesUnder(join(root, 'functions'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await esbuild({
    entryPoints: entries,
    outbase: join(root, 'functions'),
    outdir: join(staging, 'functions'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: false,
    logLevel: 'warning',
  });
  await mkdir(join(staging, 'assets'), { recursive: true });
  await cp(join(root, 'assets'), join(staging, 'assets'), { recursive: true });
  await buildSoftphone(root, join(staging, 'assets', 'softphone.js'));
  // The Freshdesk app is packed from its folder (fdk pack), so its copy goes there; .gitignore'd.
  await buildSoftphone(root, join(root, 'freshdesk-app/app/scripts/vendor/softphone.js'), { entry: 'src/softphone-panel/freshdesk-softphone.js' });
  const previous = join(root, `.dist-old-${process.pid}`);
  await rm(previous, { recursive: true, force: true });
  await rename(out, previous).catch(() => undefined);
  await rename(staging, out);
  await rm(previous, { recursive: true, force: true });
  return entries.map((e) => relative(join(root, 'functions'), e));
}

/**
 * The softphone panel for the browser, with the carriers' SDKs inlined (served by this service,
 * no CDN). `alias` lets the browser tests put SDK doubles where the SDKs go.
 */
export async function buildSoftphone(root: string, outfile: string, options: { entry?: string; alias?: Record<string, string> } = {}): Promise<void> {
  await esbuild({
    entryPoints: [join(root, options.entry ?? 'src/softphone-panel/softphone-page.js')],
    outfile,
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    minify: true,
    alias: options.alias,
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

if (require.main === module) {
  build().then(
    (entries) => console.log(`built ${entries.length} functions into dist/functions, assets into dist/assets`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
