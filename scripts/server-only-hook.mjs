// `--import` this before loading the portal's server modules outside Next (the production server, scripts):
// the `server-only` marker package throws unless imported under React's server condition, which Next sets
// for its own bundles. Outside them the marker has nothing to guard, so it resolves to an empty module here,
// without turning on that condition for the whole process (Next itself must not run under it).
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
    ),
);
