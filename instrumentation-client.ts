// Runs in the browser before the app's own modules. zod compiles object parsers with `new Function`
// when it may, and finds out by trying once: under our CSP (no 'unsafe-eval') that probe is refused
// and reported as a violation. Parsing without the compiled fast path needs no eval and no probe.
import { z } from "zod";

z.config({ jitless: true });
