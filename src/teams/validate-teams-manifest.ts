import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { findPackageFile } from '../channels/webchat/find-package-file';
import { SocbotError } from '../errors';

/** The Teams manifest version socbot writes, and whose schema it validates against. */
export const TEAMS_MANIFEST_VERSION = '1.19';

/** The schema's published address, written as the manifest's `$schema`. */
export const TEAMS_MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

let compiled: ValidateFunction | undefined;

/**
 * Validates a Teams app manifest against Microsoft's published JSON schema for v1.19, vendored under
 * vendor/teams-manifest/ (validation works offline), with ajv's draft-04 build as the schema
 * declares. Throws CONFIG_INVALID (reason `teams-manifest`) listing every violation with its JSON path.
 *
 * @example
 *   validateTeamsManifest(manifest); // throws when e.g. bots[0].botId is not a GUID
 */
export function validateTeamsManifest(manifest: unknown): void {
  compiled ??= compileSchema();
  if (compiled(manifest)) return;
  const problems = (compiled.errors ?? []).map(
    (error) =>
      `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${
        error.params && 'allowedValue' in error.params ? ` (${String(error.params.allowedValue)})` : ''
      }`,
  );
  throw new SocbotError(
    'CONFIG_INVALID',
    `The Teams manifest does not match the v${TEAMS_MANIFEST_VERSION} schema: ${problems.join('; ')}. ` +
      'Fix the values you passed or teams/manifest.template.json.',
    { problems },
  );
}

function compileSchema(): ValidateFunction {
  const file = findPackageFile(`vendor/teams-manifest/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // strict: false: Microsoft's draft-04 schema uses a few later keywords (const) that ajv would refuse.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}
