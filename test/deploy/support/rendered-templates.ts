import { fileURLToPath } from 'node:url';

import { renderTemplates, type TemplateFiles } from '../../../src-main/deploy/render-templates.ts';

/** The repository's root folder. */
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

let rendered: Promise<TemplateFiles> | null = null;

/** The templates as `npm run templates` renders them now, rendered once per test file. */
export function renderedTemplates(): Promise<TemplateFiles> {
  rendered ??= renderTemplates(repositoryRoot);
  return rendered;
}
