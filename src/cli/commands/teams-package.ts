import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { findPackageFile } from '../../channels/webchat/find-package-file';
import { buildTeamsAppPackage } from '../../teams/teams-app-package';
import { TEAMS_MANIFEST_VERSION } from '../../teams/validate-teams-manifest';
import type { CliDeps } from '../cli-deps';

interface TeamsPackageOptions {
  out: string;
  appId?: string;
  version?: string;
  validDomain: string[];
  template?: string;
  icons?: string;
}

/**
 * `socbot teams-package [--out FILE]`: writes the Teams app package (manifest.json with the bot ID
 * from MicrosoftAppId, color.png, outline.png), validated against the Teams manifest schema, ready
 * to upload in Teams or the Teams Developer Portal (docs/teams.md).
 *
 * @example
 *   MicrosoftAppId=1b7a6e9c-3f0d-4c59-9f2e-6d8a0b4c2e11 socbot teams-package --out socbot-teams.zip --valid-domain socbot.soc.example.com
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('teams-package')
    .description('write the Teams app package (zip) for the bot registered as MicrosoftAppId')
    .option('--out <file>', 'where to write the zip', 'socbot-teams.zip')
    .option('--app-id <guid>', "the Teams app's ID (default: MicrosoftAppId)")
    .option('--version <semver>', "the app version (default: socbot's version); raise it for each upload")
    .option(
      '--valid-domain <domain>',
      'a domain the app may open in Teams (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--template <file>', 'the manifest template (default: teams/manifest.template.json)')
    .option('--icons <dir>', 'the folder with color.png and outline.png (default: teams/)')
    .action(async (options: TeamsPackageOptions) => {
      const botId = (deps.env.MicrosoftAppId ?? '').trim();
      const { zip, manifest } = await buildTeamsAppPackage(
        {
          botId,
          appId: options.appId ?? botId,
          version: options.version ?? socbotVersion(),
          validDomains: options.validDomain,
        },
        {
          ...(options.template ? { template: path.resolve(options.template) } : {}),
          ...(options.icons ? { iconsDir: path.resolve(options.icons) } : {}),
        },
      );
      const out = path.resolve(options.out);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, zip);
      deps.io.stdout.write(
        `Wrote ${out} (${zip.length} bytes): manifest v${TEAMS_MANIFEST_VERSION} for bot ${botId}, ` +
          `app version ${String(manifest.version)}, validated against the Teams schema.\n` +
          'Upload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams Developer Portal; see docs/teams.md.\n',
      );
    });
}

function socbotVersion(): string {
  const { version } = JSON.parse(readFileSync(findPackageFile('package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}
