// Runs in the browser before the app's own modules, so they work under the CSP (see proxy.ts).
import { setNonce } from "get-nonce";
import { z } from "zod";

// zod compiles object parsers with `new Function` when it may, and finds out by trying once: under a
// CSP without 'unsafe-eval' that probe is refused and reported. Parsing without the compiled fast path
// needs neither.
z.config({ jitless: true });

// Radix dialogs lock scrolling with a <style> element they insert (react-remove-scroll through
// get-nonce); it needs this document's nonce, which Next put on every script it rendered.
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
if (nonce) setNonce(nonce);
