// The package's two modules: the default one (every visitor) and the planning
// one (Policy and Data centre tabs), fetched the first time a planning tab opens.
import init, * as empreinte from './pkg/empreinte.js';
import { KINDS, ui } from './i18n.js';

export { empreinte };
export const core = { archetypes: [], zones: [] };

/** Loads the default module; the archetypes and zones it embeds. */
export async function loadCore() {
  await init({ module_or_path: new URL('./pkg/empreinte_bg.wasm', import.meta.url) });
  core.archetypes = empreinte.archetypes();
  core.zones = empreinte.zones();
}

let planningModule = null;
/** The second module (data centres and policies), fetched once. */
export function planning() {
  planningModule ??= import('./pkg/empreinte_planning.js').then(async (m) => {
    await m.default({ module_or_path: new URL('./pkg/empreinte_planning_bg.wasm', import.meta.url) });
    return m;
  });
  return planningModule;
}

/** A device kind in the page's language (the dataset label when not translated). */
export function kindLabel(kind) {
  const a = core.archetypes.find((x) => x.kind === kind);
  return KINDS[ui.lang][kind] ?? a?.label ?? kind;
}
